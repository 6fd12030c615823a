#!/usr/bin/env bash
# Create (or reuse) the Python virtual environment with the pinned Alembic that the
# tests use as the oracle, and psycopg2 so that it can talk to the test PostgreSQL.
# Prints nothing when the venv is already right.
#   ${RETORT_CACHE:-$HOME/.cache/retort}/venv
set -euo pipefail

ALEMBIC_VERSION=1.20.1
SQLALCHEMY_VERSION=2.1.9
PSYCOPG2_VERSION=2.9.11
CACHE=${RETORT_CACHE:-$HOME/.cache/retort}
VENV=$CACHE/venv
PY=$VENV/bin/python

versions_ok() {
    [[ -x "$PY" && -x "$VENV/bin/alembic" ]] || return 1
    "$PY" - "$ALEMBIC_VERSION" "$SQLALCHEMY_VERSION" "$PSYCOPG2_VERSION" <<'PYEOF' 2>/dev/null
import sys
from importlib.metadata import version
wanted = tuple(sys.argv[1:4])
sys.exit(0 if (version("alembic"), version("SQLAlchemy"), version("psycopg2-binary")) == wanted else 1)
PYEOF
}

versions_ok && exit 0

mkdir -p "$CACHE"
if [[ ! -x "$PY" ]] || ! "$PY" -c 'import sys' 2>/dev/null; then
    echo "oracle-venv: creating $VENV" >&2
    rm -rf "$VENV"
    python3 -m venv "$VENV"
fi
echo "oracle-venv: installing alembic==$ALEMBIC_VERSION SQLAlchemy==$SQLALCHEMY_VERSION psycopg2-binary==$PSYCOPG2_VERSION" >&2
"$PY" -m pip install -q --disable-pip-version-check \
    "alembic==$ALEMBIC_VERSION" "SQLAlchemy==$SQLALCHEMY_VERSION" "psycopg2-binary==$PSYCOPG2_VERSION" >&2
versions_ok || { echo "oracle-venv: wrong versions after install" >&2; exit 1; }
