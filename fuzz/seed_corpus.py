#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz target from the fixtures, one file per seed.

  seed_corpus.py TARGET FIXTURES_DIR EXAMPLES_DIR OUT_DIR

udp_line:        every datagram of mw139-en/udp-json.jsonl, bare and as
                 "PREFIX {json}\\n" (UDPTransport with a prefix)
php_unserialize: every distinct rc_params and log_params blob of the mw139-en
                 wiki's database
siteinfo:        every siteinfo file of the fixtures
config:          the example configurations, their wiki pointed at the
                 fuzzer's "siteinfo.json" and file urls at /tmp
"""
import json
import pathlib
import sqlite3
import sys


def udp_line(fixtures, examples):
    lines = (fixtures / "mw139-en" / "udp-json.jsonl").read_bytes().split(b"\n")
    for number, line in enumerate(lines, 1):
        if line:
            yield f"udp-{number}", line
            yield f"udp-{number}-prefixed", b"rc-enwiki " + line + b"\n"


def php_unserialize(fixtures, examples):
    db = sqlite3.connect(f"file:{fixtures / 'mw139-en' / 'enwiki.sqlite'}?mode=ro", uri=True)
    blobs = set()
    for query in ("SELECT rc_params FROM recentchanges", "SELECT log_params FROM logging"):
        for (blob,) in db.execute(query):
            if blob:
                blobs.add(blob if isinstance(blob, bytes) else blob.encode())
    for number, blob in enumerate(sorted(blobs), 1):
        yield f"params-{number}", blob


def siteinfo(fixtures, examples):
    paths = [fixtures / "mw139-en" / "siteinfo.json"] + sorted((fixtures / "titles" / "siteinfo").glob("*.json"))
    for path in paths:
        yield f"{path.parent.name}-{path.stem}", path.read_bytes()


def config(fixtures, examples):
    for path in sorted(examples.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["wiki"] = "siteinfo.json"
        for service in data.get("EventServices", {}).values():
            service.pop("ca_file", None)
            if service.get("url", "").startswith("file:"):
                service["url"] = "file:///tmp/rcfeed-fuzz-events.jsonl"
        yield path.stem, json.dumps(data, indent=1).encode()
        for feed in data["RCFeeds"].values():
            feed["source"] = {"type": "udp", "listen": "[::1]:9390", "allow": ["127.0.0.1/32", "::1"]}
        data["EventStreams"] = [{"stream": "/^mediawiki\\.rec/", "destination_event_service":
                                 next(iter(data["EventServices"]))}]
        yield path.stem + "-udp", json.dumps(data).encode()


def main():
    target, fixtures, examples, out = sys.argv[1], *map(pathlib.Path, sys.argv[2:5])
    out.mkdir(parents=True, exist_ok=True)
    for name, data in globals()[target](fixtures, examples):
        (out / name).write_bytes(data)


if __name__ == "__main__":
    main()
