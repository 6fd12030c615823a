#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster:
#   scripts/with-postgres.sh CMD [ARGS...]
# Makes a temporary cluster (initdb as the postgres user when run as root), starts it on
# 127.0.0.1 on a free port with trust authentication, creates the database
# `retort_test`, exports
#   RETORT_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/retort_test
# runs the command, and always stops the server and deletes the cluster afterwards
# (also on failure, Ctrl-C or TERM). Exits with the command's exit code.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 1
fi

# --- find the server binaries --------------------------------------------------------
PGBIN=${RETORT_PGBIN:-}
if [[ -z "$PGBIN" ]]; then
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then PGBIN=$d; break; fi
    done
fi
if [[ -z "$PGBIN" ]]; then
    for c in initdb pg_ctl; do
        p=$(command -v "$c" 2>/dev/null || true)
        [[ -n "$p" ]] && PGBIN=$(dirname "$(readlink -f "$p")")
    done
fi
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" || ! -x "$PGBIN/pg_ctl" ]]; then
    echo "with-postgres: initdb/pg_ctl not found (install the 'postgresql' package: scripts/install-deps.sh)" >&2
    exit 2
fi

# --- run server commands as the right user -------------------------------------------
if [[ $(id -u) -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "with-postgres: running as root but there is no 'postgres' user" >&2
        exit 2
    fi
    PGUSER_OS=postgres
    as_pg() { (cd / && runuser -u postgres -- "$@"); }
else
    PGUSER_OS=$(id -un)
    as_pg() { (cd / && "$@"); }
fi

free_port() { python3 "$(dirname "$0")/free-port.py" "${RETORT_PG_PORT:-54329}"; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/retort-pg.XXXXXX")
chmod 700 "$TMP"
[[ $(id -u) -eq 0 ]] && chown "$PGUSER_OS" "$TMP"
DATA=$TMP/data
LOG=$TMP/server.log
STARTED=0
CHILD=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$CHILD" ]] && kill -0 "$CHILD" 2>/dev/null; then
        kill -TERM "$CHILD" 2>/dev/null || true
        wait "$CHILD" 2>/dev/null || true
    fi
    if [[ $STARTED -eq 1 ]]; then
        as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_pg "$PGBIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$TMP/initdb.log" 2>&1 \
    || as_pg "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-sync >"$TMP/initdb.log" 2>&1 \
    || { echo "with-postgres: initdb failed:" >&2; cat "$TMP/initdb.log" >&2; exit 2; }

PORT=""
for attempt in 1 2 3 4 5; do
    PORT=$(free_port)
    if as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
        STARTED=1
        break
    fi
    PORT=""
done
if [[ -z "$PORT" ]]; then
    echo "with-postgres: could not start PostgreSQL:" >&2
    cat "$LOG" >&2 2>/dev/null || true
    exit 2
fi

PSQL=$PGBIN/psql
[[ -x "$PSQL" ]] || PSQL=$(command -v psql)
"$PSQL" -q -X -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
    -c 'CREATE DATABASE retort_test' >/dev/null

export RETORT_TEST_PG_URL="postgresql://postgres@127.0.0.1:$PORT/retort_test"
export RETORT_TEST_PG_PORT="$PORT"

# Run the command in the background and wait for it, so that a TERM sent to this
# script is handled at once (bash defers traps while a foreground child runs).
# `<&0` keeps the command's standard input (background jobs get /dev/null otherwise).
"$@" <&0 &
CHILD=$!
set +e
wait "$CHILD"
rc=$?
set -e
CHILD=""
exit "$rc"
