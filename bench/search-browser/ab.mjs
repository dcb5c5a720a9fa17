// Compares two Storyline builds' search in one headless Chromium, query by query, interleaved.
//
// Usage: node bench/search-browser/ab.mjs URL_A URL_B [ROUNDS] [REPEATS]
//   URL_A, URL_B: the same site built with two app dists (`storyline build … --app-dir`),
//   each served by `storyline serve`. Every round runs each query REPEATS times (20) in
//   page A, then in page B, so drift in the machine's speed falls on both alike; a query's
//   figure is its best mean over ROUNDS rounds (5). TOP=N also lists each page's N slowest.
// Alternating whole `run.sh` runs proved too noisy on a shared 2-core machine to show a
// 10-20% change (docs/benchmarks.md).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.resolve('bench/package.json'));
const { chromium } = require('playwright-core');
const [urlA, urlB, rounds = 5, repeats = 20] = process.argv.slice(2);
const queries = fs.readFileSync('bench/search-browser/queries.txt', 'utf8').split('\n')
  .map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
});
const open = async (url) => {
  const page = await browser.newPage();
  await page.goto(`${url}/search`);
  await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.bench_load, null, { timeout: 60000 });
  await page.evaluate(async () => { await window.wasmBindings.bench_load(); });
  await page.evaluate(([qs]) => window.wasmBindings.bench_search(qs, 2), [queries]); // warm up
  return page;
};
const pages = [await open(urlA), await open(urlB)];
const best = [new Map(), new Map()];
const runs = [[], []];
for (let r = 0; r < Number(rounds); r++) {
  for (const q of queries) {
    for (let k = 0; k < 2; k++) {
      const [mean, each] = await pages[k].evaluate(([q, n]) => {
        const t = performance.now();
        const each = Array.from(window.wasmBindings.bench_search([q], n));
        return [(performance.now() - t) / n, each];
      }, [q, Number(repeats)]);
      best[k].set(q, Math.min(best[k].get(q) ?? Infinity, mean));
      runs[k].push(...each);
    }
  }
}
const stats = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const at = (p) => s[Math.round((s.length - 1) * p)];
  return [at(0.5), at(0.95)];
};
for (let k = 0; k < 2; k++) {
  const [m, p] = stats(best[k].values());
  const [wm, wp] = stats(runs[k]);
  console.log(`${'AB'[k]}: per-query best-of-${rounds} mean: median ${m.toFixed(3)} p95 ${p.toFixed(3)} ms | every run: median ${wm.toFixed(2)} p95 ${wp.toFixed(2)} ms (n=${runs[k].length})`);
  if (process.env.TOP) {
    const top = [...best[k].entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP));
    console.log(`  slowest: ${top.map(([q, v]) => `${v.toFixed(3)} ${q}`).join(' | ')}`);
  }
}
await browser.close();
