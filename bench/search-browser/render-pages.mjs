// Renders the articles of a built Storyline site (its timeline.json) as plain HTML pages for Pagefind.
import fs from 'node:fs';
import path from 'node:path';

const [site, out] = process.argv.slice(2);
// The whole bundle, or, when it is too large for one string (about 100,000 articles), the
// same articles in order from the site's split text files (data/text/N.json).
const whole = path.join(site, 'timeline.json');
const textDir = path.join(site, 'data', 'text');
const bundle =
  fs.statSync(whole).size < 400e6 || !fs.existsSync(textDir)
    ? JSON.parse(fs.readFileSync(whole, 'utf8'))
    : {
        articles: fs
          .readdirSync(textDir)
          .map((f) => parseInt(f, 10))
          .sort((a, b) => a - b)
          .flatMap((n) => JSON.parse(fs.readFileSync(path.join(textDir, `${n}.json`), 'utf8')).articles),
      };
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
fs.mkdirSync(path.join(out, 'a'), { recursive: true });
bundle.articles.forEach((a, i) => {
  const body = (a.paragraphs || []).map((p) => `<p>${esc(p)}</p>`).join('\n');
  fs.writeFileSync(
    path.join(out, 'a', `${i}.html`),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(a.title)}</title></head>` +
      `<body><main data-pagefind-body><h1>${esc(a.title)}</h1>\n${body}</main></body></html>\n`,
  );
});
// The page the benchmark drives: loads Pagefind's JS API, nothing else.
fs.writeFileSync(
  path.join(out, 'index.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pagefind bench</title></head><body>` +
    `<script type="module">window.pagefind = await import('./pagefind/pagefind.js'); window.pagefindReady = true;</script></body></html>\n`,
);
console.log(`${bundle.articles.length} article pages in ${out}`);
