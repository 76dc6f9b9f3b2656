#!/usr/bin/env bash
# Builds rcfeed_bench in Release (build-release/) and runs it: the formatter
# and the RapidJSON floor on the fixture feed, five repetitions each, then a
# table of the median events/s of both and their ratio. Extra arguments go to
# the benchmark program (Google Benchmark's --benchmark_* flags).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DRCFEED_TESTS=OFF -DRCFEED_BENCH=ON
cmake --build build-release -j "$(nproc)" --target rcfeed_bench

echo "machine: $(nproc) cores, $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
exec build-release/bench/rcfeed_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true "$@"
