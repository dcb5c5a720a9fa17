#!/usr/bin/env bash
# Builds Timeline17 as a Storyline site and as Pagefind-indexed pages, serves both, and times the same queries in headless Chromium.
#
# Usage (from anywhere): bench/search-browser/run.sh [T17_DIR] [REPEATS]
#   (APP_DIR=DIR: build the site with another Trunk dist/, for A/B runs;
#    BENCH_SKIP_PAGEFIND=1: time Storyline only)
# Needs: the app and CLI built (trunk build --release && cargo build --release -p storyline),
# `cd bench && npm install` (pagefind, playwright-core), /usr/bin/chromium.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/search-browser"
T17=${1:-/work/shared/data/t17}
REPEATS=${2:-20}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# A corpus of every topic's InputDocs (the timelines/ summaries are left out).
mkdir -p "$WORK/corpus"
for topic in "$T17"/*/; do
  [ -d "$topic/InputDocs" ] && ln -s "$topic/InputDocs" "$WORK/corpus/$(basename "$topic")"
done
"$ROOT/target/release/storyline" build "$WORK/corpus" --out "$WORK/site" ${APP_DIR:+--app-dir "$APP_DIR"} > "$WORK/build.log" 2>&1
head -1 "$WORK/build.log"

# The same articles as plain pages, indexed by Pagefind (BENCH_SKIP_PAGEFIND=1: not).
mkdir -p "$WORK/pf"
if [ -z "${BENCH_SKIP_PAGEFIND:-}" ]; then
  node "$HERE/render-pages.mjs" "$WORK/site" "$WORK/pf"
  "$ROOT/bench/node_modules/.bin/pagefind" --site "$WORK/pf" > "$WORK/pagefind.log" 2>&1
  grep -iE "indexed|pages" "$WORK/pagefind.log" | head -3 || true
fi

PORT_S=${PORT_S:-18081}
PORT_P=${PORT_P:-18082}
"$ROOT/target/release/storyline" serve "$WORK/site" --port "$PORT_S" > /dev/null 2>&1 & PIDS+=($!)
"$ROOT/target/release/storyline" serve "$WORK/pf" --port "$PORT_P" > /dev/null 2>&1 & PIDS+=($!)
for port in "$PORT_S" "$PORT_P"; do
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" > /dev/null && break; sleep 0.2; done
done

cd "$ROOT"
node "$HERE/bench.mjs" "http://127.0.0.1:$PORT_S" "http://127.0.0.1:$PORT_P" "$WORK/site" "$WORK/pf" "$HERE/queries.txt" "$REPEATS"
