#!/usr/bin/env python3
"""Print SQL that fills MediaWiki's MySQL tables with the rows of a SQLite wiki.

usage: load-fixture.py SQLITE_FILE PREFIX

Text and blob values become hex literals so that bytes arrive unchanged in
MediaWiki's binary columns whatever the client character set.
"""
import sqlite3
import sys

TABLES = ["actor", "comment", "logging", "page", "recentchanges"]


def literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        v = v.encode("utf-8")
    return "X'" + v.hex() + "'" if v else "''"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    db = sqlite3.connect(sys.argv[1])
    db.text_factory = bytes
    prefix = sys.argv[2]
    out = sys.stdout
    for table in TABLES:
        cur = db.execute(f"SELECT * FROM {table}")
        cols = ", ".join(d[0] for d in cur.description)
        rows = cur.fetchall()
        for i in range(0, len(rows), 200):
            values = ",\n".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows[i:i + 200])
            out.write(f"INSERT INTO {prefix}{table} ({cols}) VALUES\n{values};\n")


if __name__ == "__main__":
    main()
