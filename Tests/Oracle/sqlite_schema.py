#!/usr/bin/env python3
"""Print a SQLite database's schema as JSON, for comparing two databases.

    sqlite_schema.py DB [--rows]

Every table except alembic_version, sorted by name: the CREATE statement SQLite keeps in
sqlite_master (table constraints sorted), PRAGMA table_info, index_list (with each
index's columns and SQL; SQLite's automatic indexes by their columns) and
foreign_key_list (sorted, without SQLite's constraint numbers), plus the alembic_version
rows. With --rows, also every table's rows (in rowid order where there is one) and the
triggers and views, by name with their SQL.
"""
import json
import sqlite3
import sys

CONSTRAINT_WORDS = ("CONSTRAINT ", "PRIMARY KEY", "UNIQUE ", "FOREIGN KEY", "CHECK ")


def normalized_create(sql):
    """A CREATE TABLE with its table constraints sorted: Alembic's batch copies take them
    from a Python set, so their order differs from run to run, and it means nothing."""
    if sql is None or "(" not in sql:
        return sql
    head, _, rest = sql.partition("(")
    body, _, tail = rest.rpartition(")")
    parts = [p.strip() for p in body.split(", \n")]
    columns = [p for p in parts if not p.startswith(CONSTRAINT_WORDS)]
    constraints = sorted(p for p in parts if p.startswith(CONSTRAINT_WORDS))
    return head + "(" + ", ".join(columns + constraints) + ")" + tail


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
            columns = rows(db, 'PRAGMA index_info("%s")' % index)
            automatic = index.startswith("sqlite_autoindex_")
            indexes.append({
                # Automatic indexes are numbered in constraint order: name them by columns.
                "name": "(automatic) " + ",".join(str(c[2]) for c in columns) if automatic else index,
                "unique": unique, "origin": origin, "partial": partial, "columns": columns,
                # A WITHOUT ROWID table's primary key index has no row of its own.
                "sql": (db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (index,)).fetchone() or [None])[0],
            })
        indexes.sort(key=lambda i: i["name"])
        tables[name] = {
            "sql": normalized_create(sql),
            "columns": rows(db, 'PRAGMA table_info("%s")' % name),
            "indexes": indexes,
            "foreign_keys": sorted(r[2:] for r in rows(db, 'PRAGMA foreign_key_list("%s")' % name)),
        }
    try:
        versions = sorted(r[0] for r in db.execute("SELECT version_num FROM alembic_version"))
    except sqlite3.OperationalError:
        versions = None
    document = {"tables": tables, "alembic_version": versions}
    if "--rows" in sys.argv[2:]:
        # BLOBs (an FTS index's shadow tables hold some) as hex text.
        document["rows"] = {
            name: [[v.hex() if isinstance(v, bytes) else v for v in r]
                   for r in rows(db, 'SELECT * FROM "%s"' % name.replace('"', '""'))]
            for name in tables}
        document["triggers_and_views"] = rows(
            db, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name")
    json.dump(document, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
