#!/usr/bin/env bash
# Installs, from Debian 12's own repositories, everything rcfeed needs to be
# built, tested and benchmarked. Packages already installed are left alone;
# when nothing is missing it neither updates the package lists nor calls apt.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config ca-certificates
  libpoco-dev rapidjson-dev libicu-dev libmariadb-dev
  # tests, benchmarks, fuzzing (libFuzzer comes with clang's runtime)
  libgtest-dev libgmock-dev googletest libbenchmark-dev clang libclang-rt-dev
  sqlite3 libsqlite3-dev curl python3
  # a MariaDB server for the DB tail tests
  mariadb-server mariadb-client
  # a real MediaWiki 1.39 for the end-to-end tests, run by PHP's CLI
  mediawiki php-cli php-sqlite3 php-mbstring php-xml php-intl
)

missing=()
for p in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]]; then
    missing+=("$p")
  fi
done
# Node.js may come from elsewhere than Debian (with npm bundled); any node
# and npm on PATH will do for the schema tests.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]} == 0)); then
  echo "install-deps: all dependencies are installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "install-deps: run as root (or install sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
"${sudo[@]}" apt-get update -q
# mediawiki depends on a web server (apache2 is the first choice); it is
# installed but rcfeed's tests never use it: they run MediaWiki's
# maintenance scripts with php-cli. DEBIAN_FRONTEND goes through env because
# sudo would drop it from the environment.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
