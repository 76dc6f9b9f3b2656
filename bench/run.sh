#!/usr/bin/env bash
# Builds the benchmarks in Release (build-release/) and runs them, each
# section printing its table (docs/benchmarks.md explains every column):
#   1. formatter and floor: rcfeed_bench on the fixture feed and the
#      unicode-mix corpus, five repetitions each, median events/s and ratio;
#   2. PHP comparison: MediaWiki's JSONRCFeedFormatter and rcfeed on the same
#      rows (bench/php/compare.sh; skipped with a message without php-cli and
#      Debian's mediawiki);
#   3. DB tail and end to end on generated SQLite wikis of 10^4, 10^5 and
#      10^6 changes (bench/dbtail/make-db.py, kept in $RCFEED_BENCH_DATA,
#      default build-release/bench-data): rows/s of the tail alone; events/s
#      and CPU seconds per 100,000 events from the tail through the engine to
#      a loopback HTTP sink answering 201; peak RSS of each run;
#   4. latency at 1,000 changes/s offered: DB tail (insert commit to POST
#      done) and UDP (datagram sent to POST done), p50/p99;
#   5. UDP receive rate and loss at rising offered rates (udp_rate).
# Extra arguments go to rcfeed_bench (Google Benchmark's --benchmark_* flags).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DRCFEED_TESTS=OFF -DRCFEED_BENCH=ON
cmake --build build-release -j "$(nproc)" --target rcfeed_bench rcfeed_pipeline_bench udp_rate
bin=build-release/bench
data="${RCFEED_BENCH_DATA:-build-release/bench-data}"
mkdir -p "$data"

echo "machine: $(nproc) cores, $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average at start: $(cut -d" " -f1-3 /proc/loadavg)"
echo
echo "== 1. formatter and floor =="
"$bin/rcfeed_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true "$@"
echo
echo "== 2. PHP JSONRCFeedFormatter and rcfeed on the same rows =="
bench/php/compare.sh "$bin/rcfeed_bench"

# "key value key value ..." -> the value of one key.
field() { awk -v k="$1" '{ for (i = 1; i < NF; i += 2) if ($i == k) print $(i + 1) }'; }

echo
echo "== 3. DB tail and end to end (SQLite), by table size =="
printf '%9s %11s %11s %9s %12s %12s %9s %13s %9s\n' changes "tail rows/s" "rows/CPU-s" "tail RSS" \
  "e2e events/s" "events/CPU-s" "e2e RSS" "CPU s/100k ev" requests
for n in 10000 100000 1000000; do
  db="$data/wiki-$n.sqlite"
  [ -f "$db" ] || python3 bench/dbtail/make-db.py "$db" "$n"
  tail_out="$("$bin/rcfeed_pipeline_bench" tail "$db")"
  e2e_out="$("$bin/rcfeed_pipeline_bench" e2e "$db")"
  printf '%9s %11s %11s %5s MiB %12s %12s %5s MiB %13s %9s\n' "$n" \
    "$(field rows_per_second <<<"$tail_out")" "$(field rows_per_cpu_second <<<"$tail_out")" \
    "$(($(field peak_rss_kib <<<"$tail_out") / 1024))" \
    "$(field events_per_second <<<"$e2e_out")" "$(field events_per_cpu_second <<<"$e2e_out")" \
    "$(($(field peak_rss_kib <<<"$e2e_out") / 1024))" \
    "$(field cpu_seconds_per_100k <<<"$e2e_out")" "$(field requests <<<"$e2e_out")"
done

echo
echo "== 4. change-to-POST latency at 1,000 changes/s offered (default linger) =="
cp "$data/wiki-10000.sqlite" "$data/latency.sqlite"
for poll in 500 100; do
  echo "db tail, poll_ms $poll: $("$bin/rcfeed_pipeline_bench" latency "$data/latency.sqlite" --rate 1000 --seconds 10 --poll-ms "$poll")"
done
rm -f "$data"/latency.sqlite*
echo "udp: $("$bin/rcfeed_pipeline_bench" udp-latency - --rate 1000 --seconds 10)"

echo
echo "== 5. UDP receive rate and loss at rising offered rates =="
"$bin/udp_rate" --count 100000 --rates 10000,20000,50000,100000,200000,0
