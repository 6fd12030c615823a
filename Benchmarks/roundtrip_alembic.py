"""The round trip `retort check --roundtrip` makes, run through Alembic itself, for
comparison (Benchmarks/bench.py) and as the oracle of RoundTripCommandTests.

    roundtrip_alembic.py ALEMBIC_INI SQLITE_URL

For each revision of a linear history, oldest first: read the schema with SQLAlchemy's
inspector, `alembic upgrade REV`, `alembic downgrade` to its parent, read the schema again
and compare, `alembic upgrade REV` again. A revision whose downgrade does not restore the
schema is named; the database is then emptied and upgraded again to it. Prints one JSON
document: {"checked": N, "failed": [revision, ...]}.
"""
import json
import sys

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory


def snapshot(engine):
    inspector = sa.inspect(engine)
    tables = {}
    for name in inspector.get_table_names():
        if name == "alembic_version":
            continue
        columns = sorted((c["name"], str(c["type"]), c["nullable"], str(c.get("default"))) for c in inspector.get_columns(name))
        indexes = sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(name))
        uniques = sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(name))
        keys = sorted((tuple(f["constrained_columns"]), f["referred_table"]) for f in inspector.get_foreign_keys(name))
        primary = tuple(inspector.get_pk_constraint(name)["constrained_columns"])
        tables[name] = (columns, indexes, uniques, keys, primary)
    return tables


def main():
    ini, url = sys.argv[1], sys.argv[2]
    config = Config(ini)
    config.set_main_option("sqlalchemy.url", url)
    revisions = list(reversed(list(ScriptDirectory.from_config(config).walk_revisions())))
    engine = sa.create_engine(url)
    failed = []
    for revision in revisions:
        before = snapshot(engine)
        command.upgrade(config, revision.revision)
        command.downgrade(config, revision.down_revision or "base")
        if snapshot(engine) != before:
            failed.append(revision.revision)
            meta = sa.MetaData()
            meta.reflect(engine)
            meta.drop_all(engine)
        command.upgrade(config, revision.revision)
    print(json.dumps({"checked": len(revisions), "failed": failed}))


if __name__ == "__main__":
    main()
