#!/usr/bin/env python3
"""Differential check of `rcfeed title` against a real MediaWiki.

Feeds the same title lines to `rcfeed title --wiki SITEINFO` and to
fuzz/title_oracle.php running in a MediaWiki install configured like that
wiki, and reports every line where any field differs.

  compare_titles.py --rcfeed build/bin/rcfeed --siteinfo SITEINFO.json \\
      --local-settings /path/LocalSettings.php [--web] (--lines FILE | --corpus DIR --wiki-index N)

--corpus reads a title_codec_fuzzer corpus and keeps the entries whose
selector byte names wiki N (0 en, 1 ennocap, 2 de, 3 tr) and the --web choice.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def corpus_lines(directory, wiki_index, web):
    lines = []
    for f in sorted(pathlib.Path(directory).iterdir()):
        data = f.read_bytes()
        if not data or (data[0] & 3) != wiki_index or bool(data[0] & 4) != web:
            continue
        title = data[1:]
        try:
            lines.append(json.dumps(title.decode("utf-8")).encode())
        except UnicodeDecodeError:
            if b"\n" not in title and not title.startswith(b'"'):
                lines.append(title)
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rcfeed", required=True)
    ap.add_argument("--siteinfo", required=True)
    ap.add_argument("--local-settings", required=True)
    ap.add_argument("--web", action="store_true")
    ap.add_argument("--lines")
    ap.add_argument("--corpus")
    ap.add_argument("--wiki-index", type=int, default=0)
    args = ap.parse_args()
    if args.lines:
        lines = pathlib.Path(args.lines).read_bytes().split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
    elif args.corpus:
        lines = corpus_lines(args.corpus, args.wiki_index, args.web)
    else:
        ap.error("give --lines or --corpus")
    data = b"\n".join(lines) + b"\n"

    env = dict(os.environ, MW_CONFIG_FILE=args.local_settings)
    if args.web:
        env["WEB"] = "1"
    oracle = subprocess.run(["php", str(HERE / "title_oracle.php")], input=data, capture_output=True,
                            env=env, check=True).stdout.decode().splitlines()
    command = [args.rcfeed, "title", "--wiki", args.siteinfo] + (["--web"] if args.web else [])
    ours = subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode().splitlines()
    if not len(oracle) == len(ours) == len(lines):
        sys.exit(f"line counts differ: input {len(lines)}, MediaWiki {len(oracle)}, rcfeed {len(ours)}")
    differing = 0
    for line, theirs, mine in zip(lines, oracle, ours):
        theirs, mine = json.loads(theirs), json.loads(mine)
        fields = [k for k in theirs if theirs[k] != mine.get(k)]
        if fields:
            differing += 1
            print(line[:200], {k: (theirs[k], mine.get(k)) for k in fields})
    print(f"{len(lines) - differing}/{len(lines)} titles agree")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
