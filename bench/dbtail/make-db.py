#!/usr/bin/env python3
"""Write a MediaWiki 1.39 SQLite database with N recentchanges rows for
measuring the DB tail.

usage: make-db.py OUT.sqlite [ROWS]   (ROWS defaults to 100000)

The tables are created from the fixture wiki's own schema (page and image
stay empty, so parsedcomment finds every linked page missing). Rows cycle
through edits, creations, categorizations and log entries (moves, blocks,
deletions) with comments of varied length and non-ASCII titles, so that
every part of the rebuild is exercised.
"""
import os
import random
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "fixtures", "mw139-en", "enwiki.sqlite")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out, rows = sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 100000
    if os.path.exists(out):
        os.remove(out)
    fixture = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    db = sqlite3.connect(out)
    for (sql,) in fixture.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ('recentchanges', 'actor', 'comment', 'page', 'image')"):
        db.execute(sql)
    rnd = random.Random(42)
    actors = [(i, i if i % 5 else None, f"User {i}" if i % 5 else f"198.51.100.{i}") for i in range(1, 201)]
    db.executemany("INSERT INTO actor (actor_id, actor_user, actor_name) VALUES (?, ?, ?)", actors)
    comments = [(i, 0, ("Edit summary /* Section */ with [[Link|text]] " * (1 + i % 4)) + f"#{i}")
                for i in range(1, 1001)]
    db.executemany("INSERT INTO comment (comment_id, comment_hash, comment_text) VALUES (?, ?, ?)", comments)
    titles = ["Main_Page", "Αθήνα", "東京", "Q&A:_What?_100%", "Banana", "Москва", "Very_long_title_" + "x" * 100]
    batch = []
    for i in range(1, rows + 1):
        kind = i % 10
        ts = f"2026120{1 + i // 86400 % 9}{(i // 3600) % 24:02d}{(i // 60) % 60:02d}{i % 60:02d}"
        base = dict(rc_id=i, rc_timestamp=ts, rc_actor=rnd.randint(1, 200), rc_namespace=rnd.choice([0, 1, 2, 4, 14]),
                    rc_title=rnd.choice(titles) + f"_{i % 977}", rc_comment_id=rnd.randint(1, 1000), rc_minor=i % 3 == 0,
                    rc_bot=i % 17 == 0, rc_new=0, rc_cur_id=i % 5000, rc_this_oldid=i, rc_last_oldid=i - 1, rc_type=0,
                    rc_source="mw.edit", rc_patrolled=i % 3, rc_ip="", rc_old_len=100 + i % 50, rc_new_len=120 + i % 70,
                    rc_deleted=0, rc_logid=0, rc_log_type=None, rc_log_action="", rc_params="")
        if kind == 1:
            base.update(rc_type=1, rc_source="mw.new", rc_new=1, rc_last_oldid=0, rc_old_len=0)
        elif kind == 2:
            base.update(rc_type=6, rc_source="mw.categorize", rc_namespace=14, rc_old_len=None, rc_new_len=None,
                        rc_params='a:2:{s:10:"hidden-cat";b:0;s:5:"added";b:1;}')
        elif kind == 3:
            target = rnd.choice(titles).replace("_", " ") + " (moved)"
            base.update(rc_type=3, rc_source="mw.log", rc_logid=i, rc_log_type="move", rc_log_action="move",
                        rc_old_len=None, rc_new_len=None, rc_this_oldid=0, rc_last_oldid=0,
                        rc_params=f'a:2:{{s:9:"4::target";s:{len(target.encode())}:"{target}";s:10:"5::noredir";s:1:"0";}}')
        elif kind == 4 and i % 20 == 4:
            base.update(rc_type=3, rc_source="mw.log", rc_logid=i, rc_log_type="block", rc_log_action="block",
                        rc_namespace=2, rc_old_len=None, rc_new_len=None, rc_this_oldid=0, rc_last_oldid=0,
                        rc_params='a:3:{s:11:"5::duration";s:8:"31 hours";s:8:"6::flags";s:19:"nocreate,nousertalk";'
                                  's:8:"sitewide";b:1;}')
        elif kind == 5 and i % 20 == 5:
            base.update(rc_type=3, rc_source="mw.log", rc_logid=i, rc_log_type="delete", rc_log_action="delete",
                        rc_old_len=None, rc_new_len=None, rc_this_oldid=0, rc_last_oldid=0, rc_params="a:0:{}")
        batch.append(base)
        if len(batch) == 5000 or i == rows:
            cols = list(batch[0])
            db.executemany(f"INSERT INTO recentchanges ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                           [tuple(r[c] for c in cols) for r in batch])
            batch = []
    db.commit()
    db.close()


if __name__ == "__main__":
    main()
