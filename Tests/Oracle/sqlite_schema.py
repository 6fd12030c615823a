#!/usr/bin/env python3
"""Print a SQLite database's schema as JSON, for comparing two databases.

    sqlite_schema.py DB

Every table except alembic_version, sorted by name: the CREATE statement SQLite keeps in
sqlite_master, PRAGMA table_info, index_list (with each index's columns and SQL) and
foreign_key_list, plus the alembic_version rows.
"""
import json
import sqlite3
import sys


def rows(db, sql):
    return [list(r) for r in db.execute(sql).fetchall()]


def main():
    db = sqlite3.connect(sys.argv[1])
    tables = {}
    for (name, sql) in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        indexes = []
        for (_seq, index, unique, origin, partial) in db.execute('PRAGMA index_list("%s")' % name):
            indexes.append({
                "name": index, "unique": unique, "origin": origin, "partial": partial,
                "columns": rows(db, 'PRAGMA index_info("%s")' % index),
                "sql": db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0],
            })
        indexes.sort(key=lambda i: i["name"])
        tables[name] = {
            "sql": sql,
            "columns": rows(db, 'PRAGMA table_info("%s")' % name),
            "indexes": indexes,
            "foreign_keys": rows(db, 'PRAGMA foreign_key_list("%s")' % name),
        }
    try:
        versions = sorted(r[0] for r in db.execute("SELECT version_num FROM alembic_version"))
    except sqlite3.OperationalError:
        versions = None
    json.dump({"tables": tables, "alembic_version": versions}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
