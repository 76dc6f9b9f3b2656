#!/bin/sh
# Measures the DB tail rate from SQLite: rows per second that `rcfeed tail
# --once` reads, rebuilds and prints as events.
# usage: bench/dbtail/run.sh BUILD_DIR [ROWS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh BUILD_DIR [ROWS]}
rows=${2:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/make-db.py" "$work/bench.sqlite" "$rows"
for batch in 500 5000; do
  start=$(date +%s.%N)
  "$build/bin/rcfeed" tail --wiki "$here/../../fixtures/mw139-en/siteinfo.json" --db "sqlite:$work/bench.sqlite" \
    --from-start --once --batch "$batch" >"$work/out.jsonl"
  end=$(date +%s.%N)
  lines=$(wc -l <"$work/out.jsonl")
  python3 -c "import sys; l, s, e, b = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]; \
print(f'batch {b}: {l} events in {e - s:.2f} s = {l / (e - s):.0f} rows/s')" "$lines" "$start" "$end" "$batch"
done
