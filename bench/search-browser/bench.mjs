// Times the same queries in Storyline's engine and Pagefind in headless Chromium (cold and warm), and sizes both indexes.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(path.resolve('bench/package.json'));
const { chromium } = require('playwright-core');
const [storylineUrl, pagefindUrl, siteDir, pfDir, queriesFile, repeatsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg || 20);
// Results per kind on the search page's first screen (storyline_search::FIRST_SCREEN);
// BENCH_LIMIT=N times another number (the page asked for 20 until session 7). Pagefind loads
// the data of as many results.
const limit = process.env.BENCH_LIMIT ? Number(process.env.BENCH_LIMIT) : undefined;
const shown = limit ?? 10;
const queries = fs.readFileSync(queriesFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

const stats = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const at = (p) => s[Math.round((s.length - 1) * p)];
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1], n: s.length };
};
const brotli = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const filesUnder = (dir) => fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());

// Fails the run with a message instead of waiting forever (one run hung for 13 minutes).
const within = (ms, what, promise) => Promise.race([
  promise,
  new Promise((_, fail) => setTimeout(() => fail(new Error(`${what}: no answer after ${ms / 1000} s`)), ms).unref()),
]);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const result = { queries: queries.length, repeats, shown };

// Storyline: the engine itself, through the app's bench exports.
{
  const page = await browser.newPage();
  await page.goto(`${storylineUrl}/search`);
  await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.bench_load, null, { timeout: 60000 });
  const load = await within(120000, 'Storyline: bench_load', page.evaluate(async () => {
    const t = performance.now();
    const n = await window.wasmBindings.bench_load();
    return { ms: performance.now() - t, articles: n };
  }));
  const cold = await within(60000, 'Storyline: first query', page.evaluate(([q, limit]) => Array.from(window.wasmBindings.bench_search([q], 1, limit))[0], [queries[0], limit]));
  const warm = await within(600000, 'Storyline: queries', page.evaluate(([qs, r, limit]) => Array.from(window.wasmBindings.bench_search(qs, r, limit)), [queries, repeats, limit]));
  // performance.now() is coarsened to 100 us in a page that is not cross-origin isolated:
  // also each query's mean over its repeats, timed as one batch.
  const means = await within(600000, 'Storyline: queries in batches', page.evaluate(([qs, r, limit]) => qs.map((q) => {
    const t = performance.now();
    window.wasmBindings.bench_search([q], r, limit);
    return (performance.now() - t) / r;
  }), [queries, repeats, limit]));
  result.storyline = { load, cold, warm: stats(warm), perQueryMean: stats(means) };
  await page.close();
}

// Pagefind: search, then the data (title, excerpt) of the results a first screen shows.
// Its first query (which fetches index chunks) has stalled now and then under automation:
// it is retried once in a fresh page, and a second stall is reported, not fatal, so the
// Storyline figures of the run are kept. BENCH_SKIP_PAGEFIND=1 leaves Pagefind out (A/B
// runs of two Storyline builds).
const timePagefind = async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${pagefindUrl}/`);
    await page.waitForFunction(() => window.pagefindReady, null, { timeout: 60000 });
    const run = async (q) => within(60000, `Pagefind: ${q}`, page.evaluate(async ([q, shown]) => {
      const t = performance.now();
      const r = await window.pagefind.search(q);
      await Promise.all(r.results.slice(0, shown).map((x) => x.data()));
      return [performance.now() - t, r.results.length];
    }, [q, shown]));
    const [cold] = await run(queries[0]);
    const warm = [];
    const means = [];
    for (const q of queries) {
      const runs = [];
      for (let i = 0; i < repeats; i++) runs.push((await run(q))[0]);
      warm.push(...runs);
      means.push(runs.reduce((a, b) => a + b, 0) / runs.length);
    }
    return { cold, warm: stats(warm), perQueryMean: stats(means) };
  } finally {
    await page.close().catch(() => {});
  }
};
if (!process.env.BENCH_SKIP_PAGEFIND) {
  for (let attempt = 1; attempt <= 2 && !result.pagefind?.warm; attempt++) {
    try {
      result.pagefind = await timePagefind();
    } catch (e) {
      console.error(`attempt ${attempt}: ${e.message}`);
      result.pagefind = { error: e.message };
    }
  }
}
await browser.close();

// Index sizes.
const articles = result.storyline.load.articles;
const sl = fs.readFileSync(path.join(siteDir, 'search.bin'));
const pfFiles = fs.existsSync(path.join(pfDir, 'pagefind')) ? filesUnder(path.join(pfDir, 'pagefind')) : [];
const pfRaw = pfFiles.reduce((s, f) => s + fs.statSync(f).size, 0);
const pfBr = pfFiles.reduce((s, f) => s + brotli(fs.readFileSync(f)), 0);
result.sizes = {
  articles,
  storyline: { raw: sl.length, brotli: brotli(sl), perArticleRaw: sl.length / articles, perArticleBrotli: brotli(sl) / articles },
  pagefind: { files: pfFiles.length, raw: pfRaw, brotli: pfBr, perArticleRaw: pfRaw / articles, perArticleBrotli: pfBr / articles },
};
if (result.pagefind?.warm) result.ratio = {
  warmMedian: result.pagefind.warm.median / result.storyline.warm.median,
  warmP95: result.pagefind.warm.p95 / result.storyline.warm.p95,
  perQueryMeanMedian: result.pagefind.perQueryMean.median / result.storyline.perQueryMean.median,
  perQueryMeanP95: result.pagefind.perQueryMean.p95 / result.storyline.perQueryMean.p95,
  cold: result.pagefind.cold / result.storyline.cold,
};
console.log(JSON.stringify(result, null, 2));
