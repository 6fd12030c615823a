#!/usr/bin/env bash
# Create (or reuse) the virtual environments of the applications the bridge tests run
# Retort's second engine in: the project's own Python, with pinned packages from PyPI.
#   ${RETORT_CACHE:-$HOME/.cache/retort}/apps/<name>
# Prints nothing when every environment is already right.
set -euo pipefail

CACHE=${RETORT_CACHE:-$HOME/.cache/retort}

# name: the pinned requirements of that environment.
declare -A APPS=(
    [tutorial]="alembic==1.20.1 SQLAlchemy==2.1.9 psycopg2-binary==2.9.11 python-dotenv==1.2.4 aiosqlite==0.22.1 Flask-Migrate==4.1.0 Flask-SQLAlchemy==3.1.1 Flask==3.1.3 PyMySQL==1.2.4 greenlet==3.5.6"
    [optuna]="optuna==5.0.0 alembic==1.20.1 SQLAlchemy==2.1.9"
    [airflow]="apache-airflow-core==3.3.2 alembic==1.20.1 SQLAlchemy==2.1.9 psycopg==3.3.9 psycopg-binary==3.3.9 asyncpg==0.32.0"
    [mlflow]="mlflow-skinny==3.17.2 alembic==1.20.1 SQLAlchemy==2.1.9 psycopg2-binary==2.9.11"
)

for name in "${!APPS[@]}"; do
    venv=$CACHE/apps/$name
    wanted=${APPS[$name]}
    stamp=$venv/.retort-requirements
    if [[ -x $venv/bin/python && -f $stamp && "$(cat "$stamp")" == "$wanted" ]]; then
        continue
    fi
    echo "app-venvs: making $venv ($wanted)" >&2
    rm -rf "$venv"
    mkdir -p "$CACHE/apps"
    python3 -m venv "$venv"
    # shellcheck disable=SC2086
    "$venv/bin/python" -m pip install -q --disable-pip-version-check $wanted >&2
    echo "$wanted" >"$stamp"
done
