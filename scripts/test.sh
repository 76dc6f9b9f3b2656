#!/usr/bin/env bash
# The test command: installs what the tests need, then builds and runs the
# whole suite twice, as a RelWithDebInfo build (build/) and with
# AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/), and then the
# libFuzzer targets with a short run each (build-fuzz/). Exits non-zero if
# anything fails to build or any test fails in any build.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

scripts/install-deps.sh

# ajv and ajv-formats, exactly as locked, for the JSON Schema tests.
(cd tests/schema && npm ci --no-audit --no-fund --loglevel=error)

# A MariaDB server on loopback holding the fixture wiki's tables, for the
# DB tail tests; setup.sh prints the variables the tests connect with.
mariadb_env=$(bash tests/mariadb/setup.sh)
eval "$mariadb_env"
trap 'bash tests/mariadb/teardown.sh "$RCFEED_TEST_MYSQL_DATADIR" >/dev/null 2>&1 || true; rm -rf "$logs"' EXIT

# Builds in $1 with the extra cmake options $3..., runs ctest, and keeps
# ctest's output in $logs/$2 for the summary at the end.
build_and_test() {
  local dir=$1 name=$2
  shift 2
  echo "== $name: configure and build in $dir"
  # Called as `build_and_test ... || failed=1`, where bash ignores set -e.
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRCFEED_SCHEMA_TESTS=ON "$@" || return 1
  cmake --build "$dir" -j "$jobs" || return 1
  echo "== $name: ctest"
  # --no-tests=error: a build that registered no test has tested nothing.
  (cd "$dir" && ctest --output-on-failure --no-tests=error) 2>&1 | tee "$logs/$name"
}

failed=0
build_and_test build release || failed=1

# The sanitizers stop the test at the first error (abort_on_error,
# halt_on_error) and report leaks at exit, so a test fails on any finding.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
build_and_test build-asan asan-ubsan -DRCFEED_SANITIZE=ON -DRCFEED_BENCH=OFF || failed=1

# libFuzzer targets (clang, ASan + UBSan); their ctest runs each one for 20 s
# on its seed corpus (fuzz/CMakeLists.txt, docs/fuzzing.md). A fuzzer uses
# one core, so the runs go side by side, one per core.
CTEST_PARALLEL_LEVEL="$jobs" build_and_test build-fuzz fuzz -DCMAKE_CXX_COMPILER=clang++ -DRCFEED_FUZZ=ON \
  -DRCFEED_TESTS=OFF -DRCFEED_BENCH=OFF || failed=1

echo "== summary"
for name in release asan-ubsan fuzz; do
  if [[ -f "$logs/$name" ]]; then
    grep -E 'tests passed|tests failed out of|Total Test time' "$logs/$name" | sed "s/^/$name: /"
  else
    echo "$name: did not build"
  fi
done
exit "$failed"
