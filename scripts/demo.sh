#!/usr/bin/env bash
# The main job on the bundled fixture wiki (fixtures/mw139-en, a MediaWiki
# 1.39 wiki): installs what is needed, builds rcfeed, turns the wiki's recent
# changes into mediawiki.recentchange events in out/events.jsonl, and
# summarises them.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)" --target rcfeed-bin

events=out/events.jsonl
mkdir -p out
rm -f "$events"

# The job: the wiki's UDP feed (its JSONRCFeedFormatter datagrams) formatted
# as EventBus events, one per line.
build/bin/rcfeed format --wiki fixtures/mw139-en/siteinfo.json fixtures/mw139-en/udp-json.jsonl >"$events"

node - "$events" <<'JS'
const lines = require('fs').readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
const events = lines.map((l) => JSON.parse(l));
const byType = {};
for (const e of events) byType[e.type] = (byType[e.type] ?? 0) + 1;
console.log(`${events.length} events in ${process.argv[2]}, by type: ${JSON.stringify(byType)}`);
console.log('first event:');
console.log(JSON.stringify(events[0], null, 2));
JS
