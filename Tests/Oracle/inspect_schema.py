"""A database's schema, reflected with SQLAlchemy's inspector, as JSON.

    inspect_schema.py URL [--schema NAME]... [--rows] [--version-table NAME]

For every table of each schema (default: the database's default one): its columns
(name, type as SQLAlchemy compiles it, nullability, default), primary key, foreign keys,
indexes and unique constraints, all sorted so that two databases made in different orders
compare equal; on PostgreSQL, each schema's enum types with their labels, under "enums". With --rows, every table's rows, sorted. The version table's rows (any of
the schemas) are listed sorted under "versions". Works for any dialect the Python has.
"""
import json
import sys

import sqlalchemy as sa

args = sys.argv[1:]
url = args.pop(0)
schemas = []
with_rows = False
version_table = "alembic_version"
while args:
    flag = args.pop(0)
    if flag == "--schema":
        schemas.append(args.pop(0))
    elif flag == "--rows":
        with_rows = True
    elif flag == "--version-table":
        version_table = args.pop(0)
    else:
        raise SystemExit("inspect_schema.py: unknown option %s" % flag)



def index_columns(ix):
    """An index's columns, an expression (PostgreSQL's) as its text without the outer
    parentheses; SQLite's inspector leaves expression indexes out altogether."""
    expressions = ix.get("expressions") or ix["column_names"]
    columns = []
    for column, expression in zip(ix["column_names"], expressions):
        if column is None and expression.startswith("(") and expression.endswith(")"):
            expression = expression[1:-1]
        columns.append(column if column is not None else expression)
    return columns


engine = sa.create_engine(url)
document = {}
with engine.connect() as connection:
    inspector = sa.inspect(connection)
    for schema in schemas or [None]:
        tables = {}
        for name in sorted(inspector.get_table_names(schema=schema)):
            columns = []
            for column in inspector.get_columns(name, schema=schema):
                columns.append({
                    "name": column["name"],
                    "type": str(column["type"].compile(dialect=connection.dialect)),
                    "nullable": column["nullable"],
                    "default": column.get("default"),
                })
            table = {
                "columns": columns,
                "primary_key": inspector.get_pk_constraint(name, schema=schema).get("constrained_columns"),
                "foreign_keys": sorted(
                    json.dumps({k: fk.get(k) for k in ("constrained_columns", "referred_table", "referred_columns")},
                               sort_keys=True)
                    for fk in inspector.get_foreign_keys(name, schema=schema)
                ),
                "indexes": sorted(
                    json.dumps({"name": ix["name"], "columns": index_columns(ix), "unique": bool(ix["unique"])},
                               sort_keys=True)
                    for ix in inspector.get_indexes(name, schema=schema)
                ),
                "unique": sorted(
                    json.dumps({"name": uq["name"], "columns": uq["column_names"]}, sort_keys=True)
                    for uq in inspector.get_unique_constraints(name, schema=schema)
                ),
            }
            if with_rows:
                reflected = sa.Table(name, sa.MetaData(), schema=schema, autoload_with=connection)
                table["rows"] = sorted(
                    json.dumps([str(value) for value in row]) for row in connection.execute(sa.select(reflected))
                )
            if name == version_table:
                reflected = sa.Table(name, sa.MetaData(), schema=schema, autoload_with=connection)
                document.setdefault("versions", []).extend(
                    row[0] for row in connection.execute(sa.select(reflected.c.version_num))
                )
            tables[name] = table
        document[schema or "(default)"] = tables
        if connection.dialect.name == "postgresql":
            document.setdefault("enums", {})[schema or "(default)"] = sorted(
                ({"name": enum["name"], "labels": list(enum["labels"])} for enum in inspector.get_enums(schema=schema)),
                key=lambda enum: enum["name"],
            )
document["versions"] = sorted(document.get("versions", [])) if "versions" in document else None
print(json.dumps(document, indent=1, sort_keys=True))
