#!/usr/bin/env python3
"""Writes one seed file per fixture change for comment_formatter_fuzzer: a
selector byte (wiki 0 = mw139-en, 1.39 markup, unknown pages missing, the
change's namespace when the fuzzer knows it), the title, NUL, the comment."""
import json
import pathlib
import sys

NAMESPACES = [0, 1, 2, 3, 4, 6, 14, -1]

def main():
    fixtures, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    lines = (fixtures / "mw139-en" / "udp-json.jsonl").read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, 1):
        if not line:
            continue
        change = json.loads(line)
        ns = change["namespace"]
        selector = (NAMESPACES.index(ns) << 4) if ns in NAMESPACES else 0
        data = change["title"].encode() + b"\0" + change["comment"].encode()
        (out / f"udp-{number}").write_bytes(bytes([selector]) + data)

if __name__ == "__main__":
    main()
