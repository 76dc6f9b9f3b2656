#!/usr/bin/env bash
# End to end against a real MediaWiki (Debian's mediawiki package):
# install a throwaway SQLite wiki, point a $wgRCFeeds UDP entry at a running
# `rcfeed run`, make edits, a move and a deletion with maintenance scripts,
# then check that the events rcfeed made from the UDP datagrams and the
# events `rcfeed tail` makes from the wiki's recentchanges table agree.
#
# usage: mediawiki_e2e.sh RCFEED_BINARY
# Exit 0 on agreement; 77 (ctest's skip code) when MediaWiki is not installed.
set -euo pipefail

RCFEED=$(readlink -f "${1:?usage: mediawiki_e2e.sh RCFEED_BINARY}")
MW=/usr/share/mediawiki
if [ ! -f "$MW/maintenance/install.php" ] || ! command -v php >/dev/null; then
  echo "MediaWiki or php-cli not installed: skipping" >&2
  exit 77
fi

WORK=$(mktemp -d /tmp/rcfeed-e2e.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "${KEEP_E2E:-}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM if __import__("sys").argv[1]=="udp" else socket.SOCK_STREAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }
UDP_PORT=$(free_port udp)
HTTP_PORT=$(free_port tcp)

mkdir -p "$WORK/data" "$WORK/conf"
php "$MW/maintenance/install.php" --dbtype sqlite --dbpath "$WORK/data" --dbname e2ewiki \
  --server https://e2e.example.org --scriptpath /w --confpath "$WORK/conf" \
  --pass 'rcfeed-e2e-Passw0rd' --lang en "E2E Wiki" Admin >"$WORK/install.log" 2>&1
cat >>"$WORK/conf/LocalSettings.php" <<PHP
\$wgArticlePath = '/wiki/\$1';
\$wgRCFeeds['rcfeed'] = [ 'uri' => 'udp://127.0.0.1:$UDP_PORT', 'formatter' => 'JSONRCFeedFormatter' ];
PHP
export MW_CONFIG_FILE="$WORK/conf/LocalSettings.php"

# The wiki's own siteinfo, as an operator would download it.
php -S "127.0.0.1:$HTTP_PORT" -t "$MW" >"$WORK/php-server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/api.php?action=query&meta=siteinfo&siprop=general|namespaces|namespacealiases|interwikimap&format=json" \
    -o "$WORK/siteinfo.json" && break
  sleep 0.2
done
test -s "$WORK/siteinfo.json"

cat >"$WORK/rcfeed.json" <<JSON
{
  "wiki": "siteinfo.json",
  "EnableEventBus": "TYPE_EVENT",
  "EventServices": { "sink": { "url": "file://$WORK/udp-events.jsonl" } },
  "EventServiceDefault": "sink",
  "RCFeeds": {
    "udp": {
      "class": "EventBusRCFeedEngine",
      "formatter": "EventBusRCFeedFormatter",
      "source": { "type": "udp", "listen": "127.0.0.1:$UDP_PORT", "allow": ["127.0.0.1/32"], "spool": "$WORK/spool" },
      "pages": { "dsn": "sqlite:$WORK/data/e2ewiki.sqlite" }
    }
  }
}
JSON
"$RCFEED" run --config "$WORK/rcfeed.json" 2>"$WORK/rcfeed.log" &
RCFEED_PID=$!
PIDS+=($RCFEED_PID)
sleep 1

cd "$MW"
edit() { printf '%s\n' "$3" | php maintenance/edit.php --user Admin --summary "$2" "$1" >/dev/null; }
edit "Test page" "/* Intro */ first, see [[Main Page]]" "Hello [[Main Page]]"
edit "Test page" "second [[Missing page|a link]]" "Hello again"
edit "Talk:Caf\xc3\xa9" "Unicode talk" "caf\xc3\xa9"
edit "Help:Zebra" "a page to delete" "z"
php maintenance/moveBatch.php --u Admin --r "moving it" <<<"Test page|Moved page" >/dev/null
php maintenance/deleteBatch.php --u Admin --r "cleanup" <<<"Help:Zebra" >/dev/null
php maintenance/protect.php --user Admin --reason "vandalism" "Moved page" >/dev/null

# Wait until the UDP-fed events have all arrived (bounded).
expected=$(sqlite3 "$WORK/data/e2ewiki.sqlite" "SELECT COUNT(*) FROM recentchanges WHERE rc_id > 1")
for _ in $(seq 100); do
  [ -f "$WORK/udp-events.jsonl" ] && [ "$(wc -l <"$WORK/udp-events.jsonl")" -ge "$expected" ] && break
  sleep 0.1
done
kill -TERM "$RCFEED_PID"
wait "$RCFEED_PID"

"$RCFEED" tail --wiki "$WORK/siteinfo.json" --db "sqlite:$WORK/data/e2ewiki.sqlite" --since-id 1 --once \
  >"$WORK/db-events.jsonl" 2>"$WORK/tail.log"

python3 - "$WORK/udp-events.jsonl" "$WORK/db-events.jsonl" <<'PY'
import json, sys
# meta.request_id differs by construction (one per UDP burst, one per tail
# run); everything else must agree for rows that are still in the table.
def load(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        e = json.loads(line)
        e["meta"].pop("request_id")
        out[e.get("id")] = e
    return out
udp, db = load(sys.argv[1]), load(sys.argv[2])
# Two creations and an edit, and the move, deletion and protection log
# rows; Help:Zebra's creation went with the page when it was deleted.
if len(db) < 6:
    sys.exit(f"only {len(db)} events from the DB tail")
missing = [i for i in db if i not in udp]
if missing:
    sys.exit(f"changes in the table but not from UDP: {missing}")
bad = 0
for rc_id, d in sorted(db.items()):
    u = udp[rc_id]
    if u != d:
        bad += 1
        keys = sorted(k for k in set(u) | set(d) if u.get(k) != d.get(k))
        print(f"rc_id {rc_id} differs in {keys}:\n udp {json.dumps(u, ensure_ascii=False)}\n db  {json.dumps(d, ensure_ascii=False)}")
print(f"{len(db)} DB-tailed events, {len(udp)} UDP-fed events, {bad} disagreements")
sys.exit(1 if bad else 0)
PY
