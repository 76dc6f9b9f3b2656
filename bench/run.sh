#!/usr/bin/env bash
# Builds the benchmarks in Release (build-release/) and runs them, each
# section printing its table:
#   1. formatter and floor: rcfeed_bench on the fixture feed and the
#      unicode-mix corpus, five repetitions each, median events/s and ratio;
#   2. PHP comparison: MediaWiki's JSONRCFeedFormatter and rcfeed on the same
#      rows (bench/php/compare.sh; skipped with a message without php-cli and
#      Debian's mediawiki).
# Extra arguments go to rcfeed_bench (Google Benchmark's --benchmark_* flags).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DRCFEED_TESTS=OFF -DRCFEED_BENCH=ON
cmake --build build-release -j "$(nproc)" --target rcfeed_bench

echo "machine: $(nproc) cores, $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "== 1. formatter and floor =="
build-release/bench/rcfeed_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true "$@"
echo
echo "== 2. PHP JSONRCFeedFormatter and rcfeed on the same rows =="
bench/php/compare.sh build-release/bench/rcfeed_bench
