#!/bin/sh
# Stops the MariaDB that setup.sh started and removes its directory.
# usage: tests/mariadb/teardown.sh DATADIR
set -eu
datadir=${1:?usage: teardown.sh DATADIR}
if [ -f "$datadir/mysqld.pid" ]; then
  pid=$(cat "$datadir/mysqld.pid")
  kill "$pid" 2>/dev/null || true
  tries=0
  while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 60 ]; do
    tries=$((tries + 1))
    sleep 0.5
  done
fi
rm -rf "$datadir"
