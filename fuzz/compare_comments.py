#!/usr/bin/env python3
"""Differential check of parsedcomment against a real MediaWiki.

Builds comments from wikitext fragments (links, section markers, references,
escapes, titles of the fixture wiki), formats them with `rcfeed format --db`
and with fuzz/comment_oracle.php inside a MediaWiki 1.39 whose database is a
copy of the fixture wiki's, and reports every comment rendered differently.
Exit status 1 when any differs.

  compare_comments.py --rcfeed build/bin/rcfeed --local-settings /tmp/mw/LocalSettings.php \\
      [--count 2000] [--seed 1]

For another wiki, give its siteinfo, its database and some of its words:

  compare_comments.py --rcfeed build/bin/rcfeed --local-settings /tmp/mwde/LocalSettings.php \\
      --siteinfo de.json --db sqlite:/tmp/mwde/data/dewiki.sqlite \\
      --self 0:Haus --self "2:Benutzer:Anna/Sub" --words Haus Spezial: Spezial:Beiträge/Anna Medium: ß

For the fixture wiki, the LocalSettings need $wgDBtype = "sqlite", $wgDBname = "enwiki",
$wgSQLiteDataDir pointing at a directory holding a copy of
fixtures/mw139-en/enwiki.sqlite, $wgServer = "https://en.example.org",
$wgArticlePath = "/wiki/$1", $wgScriptPath = "/w", $wgSitename and
$wgMetaNamespace "Oracle Wiki"/"Oracle_Wiki", $wgEnableUploads = true.
"""
import argparse
import json
import os
import pathlib
import random
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
FIXTURE = HERE.parent / "fixtures" / "mw139-en"

FRAGMENTS = [
    "[[", "]]", "|", "/*", "*/", "/**/", "#", ":", "[[:", "|]]", "]]]", "[[[", "[", "]", " ", "  ", "_", "\t",
    "\n", "\x1b", "%", "%41", "%2F", "%3C", "%C3%A9", "&", "&amp;", "&#65;", "&#x2F;", "&nbsp;", "&lt;", "&bogus;",
    ";", "<", ">", "\"", "'", "/", "../", ".", "~~~", "0", "x", "s", "abc", "é", "ü", "Москва", "→", "\u200e",
    "\u00a0", "Main Page", "Apple pie", "apple pie", "Banana", "Apple tart", "Talk:Apple tart", "User:", "Talk:",
    "User talk:", "Special:", "special:", "Special:Contribs", "Contributions/Bob", "Log", "Media:", "File:",
    "Image:", "Category:", "Red square.png", "Media:Red square.png", "File:Nope.png", "Project:", "Oracle Wiki:",
    "Project talk:", "wikipedia:", "WP:",
]
SELVES = [(0, "Test page"), (0, "Apple pie"), (0, "AT&T"), (0, "Q&A: What? 100% + more"), (0, "Banana"),
          (1, "Talk:Apple pie"), (2, "User:Alice/Sandbox/Deep subpage"), (4, "Oracle Wiki:About"),
          (6, "File:Red square.png"), (12, "Help:Editing/Advanced/Tables")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rcfeed", required=True)
    ap.add_argument("--local-settings", required=True)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--siteinfo", default=str(FIXTURE / "siteinfo.json"))
    ap.add_argument("--db", default="sqlite:" + str(FIXTURE / "enwiki.sqlite"))
    ap.add_argument("--self", action="append", default=[], help="NS:TITLE of a page the comments are on")
    ap.add_argument("--words", nargs="*", default=[], help="more fragments (page names, namespace names)")
    args = ap.parse_args()

    selves = [(int(s.split(":", 1)[0]), s.split(":", 1)[1]) for s in args.self] or SELVES
    fragments = FRAGMENTS + args.words
    rng = random.Random(args.seed)
    cases = []
    for _ in range(args.count):
        ns, title = rng.choice(selves)
        cases.append((ns, title, "".join(rng.choice(fragments) for _ in range(rng.randint(1, 14)))))

    template = json.loads((FIXTURE / "udp-json.jsonl").read_text(encoding="utf-8").split("\n")[0])
    lines = []
    for ns, title, comment in cases:
        change = dict(template, namespace=ns, title=title, comment=comment)
        lines.append(json.dumps(change, ensure_ascii=False))
    ours = subprocess.run(
        [args.rcfeed, "format", "--wiki", args.siteinfo, "--db", args.db],
        input="\n".join(lines) + "\n", capture_output=True, text=True, check=True).stdout.splitlines()
    env = dict(os.environ, MW_CONFIG_FILE=args.local_settings)
    theirs = subprocess.run(
        ["php", str(HERE / "comment_oracle.php")], input="\n".join(json.dumps(c) for c in cases) + "\n",
        capture_output=True, text=True, check=True, env=env).stdout.splitlines()
    if len(ours) != len(cases) or len(theirs) != len(cases):
        sys.exit(f"expected {len(cases)} answers, rcfeed gave {len(ours)}, MediaWiki {len(theirs)}")

    differ = 0
    for (ns, title, comment), mine, ref in zip(cases, ours, theirs):
        mine, ref = json.loads(mine)["parsedcomment"], json.loads(ref)
        if mine != ref:
            differ += 1
            print(f"page {title!r} (ns {ns}) comment {comment!r}\n  rcfeed    {mine}\n  MediaWiki {ref}")
    print(f"{differ} of {len(cases)} comments differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
