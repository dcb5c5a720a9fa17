#!/usr/bin/env bash
# Lighthouse (mobile defaults: simulated slow 4G, 4x CPU) on the sample site's routes, N runs each; prints a Markdown table of medians.
#
# Usage: bench/lighthouse/run.sh [RUNS]     (APP_DIR=DIR: the site with another Trunk dist/, for A/B runs;
#                                           ROUTES="timeline …": other routes than the default five;
#                                           NO_HINT=1: the search page without its pre-rendered paragraph, so
#                                           that its largest paint is the app's results, not the static text;
#                                           THROTTLING=devtools: throttle the real load and measure it, instead of
#                                           Lighthouse's default simulation from an unthrottled load;
#                                           BUILD_ARGS="--text-file-bytes 4096": more options for storyline build)
# Needs: the app and CLI built (trunk build --release && cargo build --release -p storyline),
# `cd bench && npm install` (lighthouse), /usr/bin/chromium.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${1:-3}
PORT=${PORT:-8765}
WORK=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

"$ROOT/target/release/storyline" build "$ROOT/examples/istanbul-talks" --out "$WORK/site" ${APP_DIR:+--app-dir "$APP_DIR"} ${BUILD_ARGS:-} > /dev/null 2>&1
if [ -n "${NO_HINT:-}" ]; then
  sed -i 's|<h1>Search</h1><p>[^<]*</p>|<h1>Search</h1>|' "$WORK/site/search/index.html"
  grep -q '<h1>Search</h1><noscript>' "$WORK/site/search/index.html" || { echo "NO_HINT: the search page's paragraph was not found" >&2; exit 1; }
fi
"$ROOT/target/release/storyline" serve "$WORK/site" --port "$PORT" > /dev/null 2>&1 & PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/" > /dev/null && break; sleep 0.2; done

EVENT=$(node -e "const b=require('$WORK/site/timeline.json'); const e=[...b.events].sort((x,y)=>y.score-x.score)[0]; console.log('event/'+e.id)")
ARTICLE=$(node -e "const b=require('$WORK/site/timeline.json'); console.log('article/'+b.articles[0].id)")
export CHROME_PATH=/usr/bin/chromium
echo "| page | performance (each run) | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |"
echo "|---|---|---|---|---|---|---|---|---|"
for route in ${ROUTES:-"" timeline "$EVENT" "$ARTICLE" "search?q=istanbul"}; do
  for i in $(seq "$RUNS"); do
    "$ROOT/bench/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT/$route" --quiet \
      --only-categories=performance,accessibility,best-practices,seo ${THROTTLING:+--throttling-method="$THROTTLING"} --output=json --output-path="$WORK/lh-$i.json" \
      --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$(mktemp -d)"
  done
  ROUTE="$route" node -e '
    const runs = process.argv.slice(1).map((f) => require(f));
    const med = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
    const score = (c) => runs.map((r) => Math.round(r.categories[c].score * 100));
    const audit = (a) => med(runs.map((r) => r.audits[a].numericValue));
    const s = (ms) => (ms / 1000).toFixed(2) + " s";
    console.log(`| \`/${process.env.ROUTE}\` | ${score("performance").join(" / ")} | ${med(score("accessibility"))} | ${med(score("best-practices"))} | ${med(score("seo"))} | ${s(audit("first-contentful-paint"))} | ${s(audit("largest-contentful-paint"))} | ${Math.round(audit("total-blocking-time"))} ms | ${audit("cumulative-layout-shift").toFixed(3)} |`);
  ' $(for i in $(seq "$RUNS"); do echo "$WORK/lh-$i.json"; done)
done
