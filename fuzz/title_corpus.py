#!/usr/bin/env python3
"""Writes one seed file per fixture title input: a selector byte (which wiki,
web clean-up or not; see title_codec_fuzzer.cpp) followed by the input bytes."""
import json
import pathlib
import sys

WIKIS = ["en", "ennocap", "de", "tr"]

def main():
    fixtures, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for index, wiki in enumerate(WIKIS):
        for line in (fixtures / f"{wiki}.jsonl").read_text(encoding="utf-8").split("\n"):
            if not line:
                continue
            record = json.loads(line)
            data = bytes.fromhex(record["input_hex"])
            (out / f"{wiki}-{record['id']}").write_bytes(bytes([index]) + data)
            if record.get("web"):
                (out / f"{wiki}-{record['id']}-web").write_bytes(bytes([index | 4]) + data)

if __name__ == "__main__":
    main()
