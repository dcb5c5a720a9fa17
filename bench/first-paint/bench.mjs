// Measures first paint of built Storyline sites in headless Chromium: time to first contentful paint, time until the app has taken over, on a search route with a query the time until its results are drawn whole (not waiting for text), and the bytes loaded before the first paint (as served, and brotli 11).
//
// Usage: node bench/first-paint/bench.mjs RUNS NAME=URL=SITE_DIR[=ROUTE,ROUTE…] …
// Each run is a fresh browser context (cold: no HTTP cache, no service worker).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [runsArg, ...specs] = process.argv.slice(2);
const runs = Number(runsArg || 7);
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const brotli = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// Network profiles: none, and Lighthouse's mobile "slow 4G" (150 ms RTT, 1.6 Mbit/s down) with 4x CPU slowdown.
const profiles = {
  local: null,
  'slow 4G, 4x CPU': { latency: 150, downloadThroughput: 1.6 * 1024 * 1024 / 8, uploadThroughput: 750 * 1024 / 8, cpu: 4 },
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

async function measure(url, siteDir, publicPath, profile) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (profile) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile, cpu: undefined });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  }
  await page.goto(url, { waitUntil: 'commit' });
  // The app has taken over when its own <main id="main"> is in the page and the pre-rendered copy is gone.
  await page.waitForFunction(() => document.querySelector('main#main:not(.loading)') && !document.getElementById('prerender'), null, { timeout: 120000, polling: 50 });
  const ready = await page.evaluate(() => performance.now());
  let results = null;
  if (/search\/?\?q=/.test(url)) {
    await page.waitForFunction(() => document.querySelector('.results .hit:not([aria-busy] *), .no-results'), null, { timeout: 180000, polling: 50 });
    results = await page.evaluate(() => performance.now());
  }
  const m = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    const before = [nav, ...res].filter((r) => fcp !== null && r.responseEnd <= fcp);
    return {
      fcp,
      ready: 0,
      transfer: before.reduce((s, r) => s + (r.transferSize || 0), 0),
      urls: before.map((r) => r.name),
      all: [nav, ...res].reduce((s, r) => s + (r.transferSize || 0), 0),
    };
  });
  m.ready = ready;
  m.results = results;
  // The same resources' size with brotli 11, from the site's files.
  m.brotli = m.urls.reduce((s, u) => {
    let p = decodeURIComponent(new URL(u).pathname).slice(publicPath.length);
    if (p === '' || p.endsWith('/')) p += 'index.html';
    const f = path.join(siteDir, p);
    return s + (fs.existsSync(f) ? brotli(fs.readFileSync(f)) : 0);
  }, 0);
  await context.close();
  return m;
}

const rows = [];
for (const spec of specs) {
  const [name, base, siteDir, ...rest] = spec.split('=');
  const routesArg = rest.length ? rest.join('=') : undefined;
  const routes = (routesArg ?? '').split(',');
  const publicPath = new URL(base).pathname;
  for (const route of routes) {
    for (const [pname, profile] of Object.entries(profiles)) {
      const ms = [];
      for (let i = 0; i < runs; i++) ms.push(await measure(base + route, siteDir, publicPath, profile));
      const row = {
        site: name, route: '/' + route, profile: pname,
        fcp_ms: median(ms.map((m) => m.fcp)), app_ms: median(ms.map((m) => m.ready)),
        results_ms: ms[0].results === null ? null : median(ms.map((m) => m.results)),
        before_fcp_transfer: median(ms.map((m) => m.transfer)), before_fcp_brotli: median(ms.map((m) => m.brotli)),
        files_before_fcp: ms[0].urls.length, total_transfer: median(ms.map((m) => m.all)),
      };
      rows.push(row);
      console.error(JSON.stringify(row));
    }
  }
}
await browser.close();
console.log('| site | route | network | first paint | app ready | results | bytes before first paint (served / brotli 11) | files | all bytes loaded |');
console.log('|---|---|---|---|---|---|---|---|---|');
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
for (const r of rows) {
  console.log(`| ${r.site} | \`${r.route}\` | ${r.profile} | ${Math.round(r.fcp_ms)} ms | ${Math.round(r.app_ms)} ms | ${r.results_ms === null ? '' : Math.round(r.results_ms) + ' ms'} | ${kb(r.before_fcp_transfer)} / ${kb(r.before_fcp_brotli)} | ${r.files_before_fcp} | ${kb(r.total_transfer)} |`);
}
