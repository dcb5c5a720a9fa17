// Breaks the main thread's long tasks (over 50 ms, the ones total blocking time counts) of a page load down by what runs in them, from a Chrome trace, under Lighthouse's 4x CPU slowdown.
//
// Usage: node bench/app-start/trace.mjs RUNS URL…   (a site served by `storyline serve`)
// Each run is a fresh browser context (cold: no HTTP cache, no service worker). The page is
// only polled through CDP's Runtime.evaluate (no injected helper scripts that would show up
// as tasks of their own). Prints, per URL, each long task of each run with its start (ms
// after navigation), its duration and its kind (what most of its time went to), then the
// medians over the runs of the blocking time after the first contentful paint, as total
// blocking time counts it (the part over 50 ms of each task), in all and per kind.
// Lighthouse's own TBT is simulated from an unthrottled trace, so figures differ from it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [runsArg, ...urls] = process.argv.slice(2);
const runs = Number(runsArg || 5);
if (!urls.length) {
  console.error('usage: node bench/app-start/trace.mjs RUNS URL…');
  process.exit(2);
}
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : 0; };

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

// What a task mostly is, from the trace events nested in it.
function kind(inside) {
  const total = (names) => inside.filter((e) => names.includes(e.name)).reduce((s, e) => s + e.dur, 0);
  const parts = {
    'navigation commit': total(['DocumentLoader::CommitNavigation']),
    'parse HTML': total(['HTMLDocumentParser::PumpTokenizerIfPossible', 'ParseHTML']),
    'style+layout': total(['Layout', 'UpdateLayoutTree']),
    paint: total(['Paint']),
    'wasm lazy compile': total(['wasm.CompileLazy']),
    'wasm instantiate': total(['wasm.SyncInstantiate', 'wasm.FinishStreaming']),
    'script': total(['FunctionCall', 'EvaluateScript', 'v8.evaluateModule']),
  };
  return parts;
}

async function once(url) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const file = path.join(os.tmpdir(), `storyline-trace-${process.pid}.json`);
  await browser.startTracing(page, { path: file, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.wasm', 'v8', 'loading', 'blink.user_timing'] });
  await page.goto(url, { waitUntil: 'commit' });
  const started = Date.now();
  for (;;) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: "document.readyState === 'complete' && !document.getElementById('prerender') && document.documentElement.dataset.start === 'started'", returnByValue: true });
    if (result.value) break;
    if (Date.now() - started > 60000) throw new Error(`${url}: the app did not take over within 60 s`);
    await new Promise((go) => setTimeout(go, 250));
  }
  await new Promise((go) => setTimeout(go, 1500)); // the render's layout and paint, and effects
  await browser.stopTracing();
  await context.close();
  const events = JSON.parse(fs.readFileSync(file)).traceEvents;
  fs.unlinkSync(file);
  // The page's main thread: the renderer thread that ran the navigation's commit.
  const commit = events.find((e) => e.name === 'DocumentLoader::CommitNavigation' || e.name === 'CommitLoad');
  const onMain = events.filter((e) => e.pid === commit.pid && e.tid === commit.tid && e.ph === 'X');
  const navStart = Math.min(...onMain.map((e) => e.ts));
  const fcpEvent = events.find((e) => e.name === 'firstContentfulPaint');
  const fcp = fcpEvent ? (fcpEvent.ts - navStart) / 1000 : 0;
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur > 50000);
  const list = tasks.map((t) => {
    const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
    const parts = kind(inside);
    const main = Object.entries(parts).sort((a, b) => b[1] - a[1])[0];
    return { at: (t.ts - navStart) / 1000, ms: t.dur / 1000, kind: main[1] > 0 ? main[0] : 'other', parts };
  });
  return { fcp, tasks: list };
}

for (const url of urls) {
  const perKind = {};
  const blocking = [];
  const fcps = [];
  for (let r = 0; r < runs; r++) {
    const { fcp, tasks } = await once(url);
    const line = tasks.map((t) => `${t.at.toFixed(0)}+${t.ms.toFixed(0)} ${t.kind}`).join(' | ');
    console.log(`${url} run ${r + 1}: FCP ${fcp.toFixed(0)} ms; long tasks (start+duration): ${line}`);
    // As total blocking time counts them: the part over 50 ms of each task after the first contentful paint.
    const after = tasks.filter((t) => t.at >= fcp);
    const sums = {};
    for (const t of after) sums[t.kind] = (sums[t.kind] || 0) + (t.ms - 50);
    for (const [k, v] of Object.entries(sums)) (perKind[k] ||= []).push(v);
    blocking.push(after.reduce((s, t) => s + t.ms - 50, 0));
    fcps.push(fcp);
  }
  const kinds = Object.entries(perKind).map(([k, v]) => `${k} ${median([...v, ...Array(runs - v.length).fill(0)]).toFixed(0)}`).join(', ');
  console.log(`${url}: median of ${runs}: FCP ${median(fcps).toFixed(0)} ms; blocking time after FCP ${median(blocking).toFixed(0)} ms; by kind of task: ${kinds}`);
}
await browser.close();
