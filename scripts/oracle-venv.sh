#!/usr/bin/env bash
# Create (or reuse) the Python virtual environment with the pinned Alembic that the
# tests use as the oracle, psycopg2 so that it can talk to the test PostgreSQL, and the
# third-party column-type libraries real migrations import (sqlmodel, sqlalchemy-utils),
# so that Alembic renders those revisions as it does with the application installed;
# and squawk, which `retort lint` is compared with.
# Prints nothing when the venv is already right.
#   ${RETORT_CACHE:-$HOME/.cache/retort}/venv
set -euo pipefail

# name==version, each checked after install; pydantic's are what sqlmodel pulls in.
PINS=(
    alembic==1.20.1
    SQLAlchemy==2.1.9
    psycopg2-binary==2.9.11
    sqlmodel==0.0.50
    SQLAlchemy-Utils==0.43.0
    pydantic==2.14.4
    pydantic_core==2.50.5
    # sqlalchemy_utils' EncryptedType and PasswordType need these to be made at all.
    cryptography==50.0.2
    cffi==2.1.1
    passlib==1.7.4
    # The reference for `retort lint`'s rules (a Rust binary in a wheel).
    squawk-cli==2.70.0
)
CACHE=${RETORT_CACHE:-$HOME/.cache/retort}
VENV=$CACHE/venv
PY=$VENV/bin/python

versions_ok() {
    [[ -x "$PY" && -x "$VENV/bin/alembic" ]] || return 1
    "$PY" - "${PINS[@]}" <<'PYEOF' 2>/dev/null
import sys
from importlib.metadata import version
for pin in sys.argv[1:]:
    name, wanted = pin.split("==")
    if version(name) != wanted:
        sys.exit(1)
PYEOF
}

versions_ok && exit 0

mkdir -p "$CACHE"
if [[ ! -x "$PY" ]] || ! "$PY" -c 'import sys' 2>/dev/null; then
    echo "oracle-venv: creating $VENV" >&2
    rm -rf "$VENV"
    python3 -m venv "$VENV"
fi
echo "oracle-venv: installing ${PINS[*]}" >&2
"$PY" -m pip install -q --disable-pip-version-check "${PINS[@]}" >&2
versions_ok || { echo "oracle-venv: wrong versions after install" >&2; exit 1; }
