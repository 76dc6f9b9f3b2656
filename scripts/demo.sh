#!/usr/bin/env bash
# The main job on the bundled fixture wiki (fixtures/mw139-en, a MediaWiki
# 1.39 SQLite wiki): installs what is needed, builds rcfeed, runs the daemon
# with a DB tail of the wiki's recentchanges table and a file:// event
# service (out/events.jsonl), and summarises the events. Run it twice: the
# second run resumes from out/enwiki.checkpoint and sends nothing again.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)" --target rcfeed-bin

mkdir -p out
out=$(cd out && pwd)
events=$out/events.jsonl

# The config: MediaWiki's setting names; the file:// url needs an absolute path.
cat >"$out/demo.json" <<JSON
{
  "wiki": "$PWD/fixtures/mw139-en/siteinfo.json",
  "EnableEventBus": "TYPE_EVENT",
  "EventServices": { "local-sink": { "url": "file://$events" } },
  "EventServiceDefault": "local-sink",
  "RCFeeds": {
    "enwiki": {
      "class": "EventBusRCFeedEngine",
      "formatter": "EventBusRCFeedFormatter",
      "source": { "type": "db", "dsn": "sqlite:$PWD/fixtures/mw139-en/enwiki.sqlite",
                  "state": "$out/enwiki.checkpoint" }
    }
  }
}
JSON

# The job: the daemon, until the table's current end (--once).
touch "$events"
before=$(wc -l <"$events")
build/bin/rcfeed run --config "$out/demo.json" --once --metrics off
echo "$(( $(wc -l <"$events") - before )) new events this run (checkpoint: $out/enwiki.checkpoint)"

node - "$events" <<'JS'
const lines = require('fs').readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const events = lines.map((l) => JSON.parse(l));
const byType = {};
for (const e of events) byType[e.type] = (byType[e.type] ?? 0) + 1;
console.log(`${events.length} events in ${process.argv[2]}, by type: ${JSON.stringify(byType)}`);
console.log('first event:');
console.log(JSON.stringify(events[0], null, 2));
JS
