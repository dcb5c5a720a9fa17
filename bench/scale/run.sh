#!/usr/bin/env bash
# Times clean builds of one corpus (wall time, peak RSS, the --timings stage table) and
# Pagefind's indexing of the same articles, as plain pages, in the same run.
#
# Usage: bench/scale/run.sh CORPUS [RUNS] [WORK]
#   CORPUS: a folder of articles (e.g. made by `cargo xtask corpus --articles N --out DIR`)
#   RUNS: clean builds to time (default 3); WORK: scratch folder (default: a temporary one)
#   BENCH_SKIP_PAGEFIND=1: time Storyline only. STORYLINE_BIN: the binary to time.
# Needs: target/release/storyline (cargo build --release -p storyline, with dist/ present),
# `cd bench && npm ci` (pagefind), GNU time (/usr/bin/time).
# Prints one line per run: storyline s, storyline peak KB, pagefind s, pagefind peak KB.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=$1
RUNS=${2:-3}
WORK=${3:-$(mktemp -d)}
BIN=${STORYLINE_BIN:-$ROOT/target/release/storyline}
mkdir -p "$WORK"
for run in $(seq "$RUNS"); do
  rm -rf "$WORK/site" "$WORK/pf"
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" \
    "$BIN" build "$CORPUS" --out "$WORK/site" --no-cache --timings > "$WORK/timings-$run.txt" 2> "$WORK/build-$run.log"
  read -r s_wall s_rss < "$WORK/time.txt"
  pf="- -"
  if [ -z "${BENCH_SKIP_PAGEFIND:-}" ]; then
    node "$ROOT/bench/search-browser/render-pages.mjs" "$WORK/site" "$WORK/pf" > /dev/null
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" \
      "$ROOT/bench/node_modules/.bin/pagefind" --site "$WORK/pf" > "$WORK/pagefind-$run.log" 2>&1
    pf=$(cat "$WORK/time.txt")
  fi
  echo "run $run: storyline $s_wall s $s_rss KB; pagefind $pf (s KB); $(head -1 "$WORK/build-$run.log")"
done
echo "stage tables: $WORK/timings-*.txt"
