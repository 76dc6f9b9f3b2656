#!/bin/sh
# Starts a throwaway MariaDB on 127.0.0.1 holding the fixture wiki's tables
# (MediaWiki 1.39, MySQL flavour) for tests/MariaDbTailTest.cpp.
#
# usage: tests/mariadb/setup.sh [DATADIR]
#   Run as root (no systemd needed). DATADIR defaults to a new temporary
#   directory. Prints shell assignments to eval:
#     eval "$(tests/mariadb/setup.sh)"
#     ctest --test-dir build -R MariaDb        # or build/tests/rcfeed_tests
#     tests/mariadb/teardown.sh "$RCFEED_TEST_MYSQL_DATADIR"
# The tables get the prefix RCFEED_TEST_MYSQL_PREFIX (default mw_), so the
# test also covers $wgDBprefix. The user rcfeed may only SELECT.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
fixture="$here/../../fixtures/mw139-en/enwiki.sqlite"
prefix=${RCFEED_TEST_MYSQL_PREFIX:-mw_}
datadir=${1:-$(mktemp -d /tmp/rcfeed-mariadb.XXXXXX)}
mkdir -p "$datadir"
sock="$datadir/mysqld.sock"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')

mariadb-install-db --datadir="$datadir/data" --user=root --auth-root-authentication-method=socket \
  --skip-test-db >"$datadir/install.log" 2>&1 || { cat "$datadir/install.log" >&2; exit 1; }

mariadbd --datadir="$datadir/data" --socket="$sock" --port="$port" --bind-address=127.0.0.1 \
  --user=root --pid-file="$datadir/mysqld.pid" --log-error="$datadir/error.log" \
  --skip-log-bin --innodb-buffer-pool-size=32M </dev/null >/dev/null 2>&1 &

tries=0
until mariadb-admin --socket="$sock" --user=root ping >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -gt 60 ]; then
    echo "setup.sh: mariadbd did not start in 30 s; see $datadir/error.log" >&2
    cat "$datadir/error.log" >&2 || true
    exit 1
  fi
  sleep 0.5
done

sql() { mariadb --socket="$sock" --user=root "$@"; }
sql -e "CREATE DATABASE rcfeed_test;
        CREATE USER 'rcfeed'@'127.0.0.1' IDENTIFIED BY '$password';
        GRANT SELECT ON rcfeed_test.* TO 'rcfeed'@'127.0.0.1';"
sed -e "s|/\*_\*/|$prefix|g" -e 's|/\*\$wgDBTableOptions\*/|ENGINE=InnoDB, DEFAULT CHARSET=binary|g' \
  "$here/mediawiki-1.39-tables.sql" | sql rcfeed_test
python3 "$here/load-fixture.py" "$fixture" "$prefix" | sql rcfeed_test

echo "RCFEED_TEST_MYSQL_DSN=mysql://rcfeed@127.0.0.1:$port/rcfeed_test; export RCFEED_TEST_MYSQL_DSN"
echo "RCFEED_TEST_MYSQL_PASSWORD=$password; export RCFEED_TEST_MYSQL_PASSWORD"
echo "RCFEED_TEST_MYSQL_PREFIX=$prefix; export RCFEED_TEST_MYSQL_PREFIX"
echo "RCFEED_TEST_MYSQL_DATADIR=$datadir; export RCFEED_TEST_MYSQL_DATADIR"
