// Starts the app, on every page (one file all pages share; Trunk.toml's `pattern_script`
// names it, with the app's hashed module and wasm in the tag's data attributes).
//
// Every page is pre-rendered, so the HTML and the stylesheet alone paint it; the app's
// module and wasm must not compete with them for the connection. The module is imported,
// and the wasm fetched, once the first contentful paint has been presented: at once in a
// hidden tab, on the next frame where paint timing is missing, after 2 s at the latest (a
// frame is presented well after `requestAnimationFrame` fires, so starting on the frame
// would race the paint). A search page with a query waits too: starting its downloads as
// the HTML is parsed would put the wasm on the path of its pre-rendered paragraph's paint
// (docs/benchmarks.md, Lighthouse).
//
// At that moment the data the app reads first is preloaded (the story; on the search page
// the search index; on an article page the text file its `<meta name="storyline-preload">`
// names: storyline_model::STORY_FILE, SEARCH_FILE, TEXT_DIR), so it downloads alongside the
// wasm, and the wasm is fetched alongside the module's import (wasm-bindgen's init takes
// the pending response). `<html data-start>` records how far the start got (import, init,
// started), for a page that never shows the app.
const tag = document.querySelector('script[data-wasm]');
const base = tag.dataset.base;
const search = ['/search', '/search/'].some((end) => location.pathname.endsWith(end));

await new Promise((go) => {
  setTimeout(go, 2000);
  if (document.visibilityState === 'hidden') go();
  else if (PerformanceObserver.supportedEntryTypes?.includes('paint'))
    new PerformanceObserver((list) => list.getEntriesByName('first-contentful-paint').length && go())
      .observe({ type: 'paint', buffered: true });
  else requestAnimationFrame(() => setTimeout(go, 0));
});

const files = ['data/story.json'].concat(search ? ['search.bin'] : [],
  [...document.querySelectorAll('meta[name=storyline-preload]')].map((meta) => meta.content));
for (const file of files) {
  const link = Object.assign(document.createElement('link'), { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href: base + file });
  document.head.append(link);
}
const wasmResponse = fetch(tag.dataset.wasm);
document.documentElement.dataset.start = 'import';

// A module import still pending after 10 s is asked for again under another URL (a second
// import of the same URL would wait on that same entry of the module map).
let imported = false;
const first = import(tag.dataset.js).then((module) => ((imported = true), module));
const bindings = await Promise.race([first, new Promise((go) => setTimeout(go, 10000)).then(() => {
  if (imported) return first;
  document.documentElement.dataset.start = 'import-again';
  return import(tag.dataset.js + '?again');
})]);
document.documentElement.dataset.start = 'init';
const wasm = await bindings.default({ module_or_path: wasmResponse });
document.documentElement.dataset.start = 'started';
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: wasm } }));
