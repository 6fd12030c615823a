#!/usr/bin/env bash
# Run a command against a throwaway MariaDB server:
#   scripts/with-mariadb.sh CMD [ARGS...]
# Makes a temporary data directory (mariadb-install-db), starts mariadbd on 127.0.0.1 on
# a free port without grant tables (anyone on loopback may connect as root, which is all
# a test server needs), creates the databases `retort_test` and `retort_test2`, exports
#   RETORT_TEST_MARIADB_URL=mysql+pymysql://root@127.0.0.1:PORT/retort_test
# runs the command, and always stops the server and deletes its data afterwards (also on
# failure, Ctrl-C or TERM). Exits with the command's exit code. Without the server
# binaries (the `mariadb-server` package) the command runs without the variable.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 1
fi

SERVER=$(command -v mariadbd 2>/dev/null || true)
[[ -z "$SERVER" && -x /usr/sbin/mariadbd ]] && SERVER=/usr/sbin/mariadbd
INSTALL=$(command -v mariadb-install-db 2>/dev/null || true)
CLIENT=$(command -v mariadb 2>/dev/null || true)
if [[ -z "$SERVER" || -z "$INSTALL" || -z "$CLIENT" ]]; then
    echo "with-mariadb: mariadbd not found (install 'mariadb-server': scripts/install-deps.sh); running without MariaDB" >&2
    exec "$@"
fi

# mariadbd will not run as root unless told to: run it as the package's `mysql` user.
RUNAS=()
if [[ $(id -u) -eq 0 ]]; then
    if id mysql >/dev/null 2>&1; then RUNAS=(--user=mysql); else RUNAS=(--user=root); fi
fi

free_port() { python3 "$(dirname "$0")/free-port.py" "${RETORT_MARIADB_PORT:-33069}"; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/retort-mariadb.XXXXXX")
chmod 755 "$TMP"
[[ $(id -u) -eq 0 ]] && id mysql >/dev/null 2>&1 && chown mysql "$TMP"
DATA=$TMP/data
LOG=$TMP/server.log
SERVER_PID=""
CHILD=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$CHILD" ]] && kill -0 "$CHILD" 2>/dev/null; then
        kill -TERM "$CHILD" 2>/dev/null || true
        wait "$CHILD" 2>/dev/null || true
    fi
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$INSTALL" --no-defaults "${RUNAS[@]}" --datadir="$DATA" --auth-root-authentication-method=normal \
    --skip-test-db >"$TMP/install.log" 2>&1 \
    || { echo "with-mariadb: mariadb-install-db failed:" >&2; cat "$TMP/install.log" >&2; exit 2; }

PORT=""
for attempt in 1 2 3 4 5; do
    PORT=$(free_port)
    "$SERVER" --no-defaults "${RUNAS[@]}" --datadir="$DATA" --bind-address=127.0.0.1 --port="$PORT" \
        --socket="$TMP/mariadb.sock" --pid-file="$TMP/mariadb.pid" --skip-grant-tables --skip-name-resolve \
        --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=64M --innodb-log-file-size=16M \
        --character-set-server=utf8mb4 --log-error="$LOG" >/dev/null 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        if "$CLIENT" --no-defaults -h 127.0.0.1 -P "$PORT" -u root -e 'SELECT 1' >/dev/null 2>&1; then break 2; fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
    PORT=""
done
if [[ -z "$PORT" ]]; then
    echo "with-mariadb: could not start MariaDB:" >&2
    cat "$LOG" >&2 2>/dev/null || true
    exit 2
fi

"$CLIENT" --no-defaults -h 127.0.0.1 -P "$PORT" -u root \
    -e 'CREATE DATABASE retort_test; CREATE DATABASE retort_test2'

export RETORT_TEST_MARIADB_URL="mysql+pymysql://root@127.0.0.1:$PORT/retort_test"
export RETORT_TEST_MARIADB_PORT="$PORT"

# In the background and waited for, so that a TERM to this script is handled at once.
"$@" <&0 &
CHILD=$!
set +e
wait "$CHILD"
rc=$?
set -e
CHILD=""
exit "$rc"
