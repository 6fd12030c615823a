#!/usr/bin/env python3
"""Print a PostgreSQL database's schema as JSON, for comparing two databases.

    pg_schema.py URL [SCHEMA]

URL may carry SQLAlchemy's +psycopg2 driver suffix.
SCHEMA defaults to public. Every table except alembic_version, sorted by name: its
columns from information_schema.columns (name, position, type, length, precision,
nullability, default), its indexes from pg_indexes (name and definition), and its
constraints from pg_constraint (name, type, definition); the enum types of the schema
with their labels; and the alembic_version rows (sorted), or null without the table.
Uses psycopg2 (in the oracle venv).
"""
import json
import sys

import psycopg2


def main():
    url = sys.argv[1].replace("postgresql+psycopg2://", "postgresql://", 1)
    schema = sys.argv[2] if len(sys.argv) > 2 else "public"
    db = psycopg2.connect(url)
    cur = db.cursor()

    def rows(sql, *args):
        cur.execute(sql, args)
        return [list(r) for r in cur.fetchall()]

    tables = {}
    for (name,) in rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name <> 'alembic_version' ORDER BY table_name", schema):
        tables[name] = {
            "columns": rows(
                "SELECT column_name, ordinal_position, data_type, character_maximum_length, numeric_precision, "
                "numeric_scale, is_nullable, column_default FROM information_schema.columns "
                "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position", schema, name),
            "indexes": rows(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s AND tablename = %s "
                "ORDER BY indexname", schema, name),
            "constraints": rows(
                "SELECT c.conname, c.contype::text, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                "WHERE n.nspname = %s AND t.relname = %s ORDER BY c.conname, 3", schema, name),
        }
    enums = {}
    for (name, label) in rows(
            "SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
            "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = %s ORDER BY t.typname, e.enumsortorder",
            schema):
        enums.setdefault(name, []).append(label)
    cur.execute("SELECT to_regclass(%s)", ("%s.alembic_version" % schema,))
    versions = None
    if cur.fetchone()[0] is not None:
        versions = sorted(r[0] for r in rows("SELECT version_num FROM %s.alembic_version" % schema))
    json.dump({"tables": tables, "enums": enums, "alembic_version": versions}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
