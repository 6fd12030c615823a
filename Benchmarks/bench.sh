#!/usr/bin/env bash
# Retort's benchmark: retort vs alembic on generated 1,000- and 5,000-revision projects,
# and the browser on the 5,000 one.
#   Benchmarks/bench.sh            (or: make bench)
# Builds the release binaries, generates Benchmarks/work/mixed{1000,5000} (kept between
# runs, not committed), times `history` and `heads` with both tools, online `upgrade heads`
# into fresh SQLite and PostgreSQL databases (a throwaway server through
# scripts/with-postgres.sh), the browser's first frame and keys (retort-browser-bench),
# measures peak RSS, prints tables and checks the targets. Exit status 1 when a target is
# missed.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d /opt/swift/usr/bin ]] && export PATH=/opt/swift/usr/bin:$PATH

CACHE=${RETORT_CACHE:-$HOME/.cache/retort}
scripts/install-deps.sh
scripts/oracle-venv.sh
PY=$CACHE/venv/bin/python

# The Swift runtime and Foundation linked in (--static-swift-stdlib): loading and relocating
# them as shared libraries took half of the start-up of a 20 ms command.
RELEASE=(swift build -c release --static-swift-stdlib)
if [[ -z "${RETORT_BINARY:-}" ]]; then
    echo "bench: ${RELEASE[*]}" >&2
    "${RELEASE[@]}" --product retort >&2
    RETORT_BINARY=$(swift build -c release --show-bin-path)/retort
fi
if [[ -z "${RETORT_BROWSER_BENCH:-}" ]]; then
    echo "bench: ${RELEASE[*]} --product retort-browser-bench" >&2
    "${RELEASE[@]}" --product retort-browser-bench >&2
    RETORT_BROWSER_BENCH=$(swift build -c release --show-bin-path)/retort-browser-bench
fi
export RETORT_BINARY RETORT_BROWSER_BENCH RETORT_ALEMBIC=${RETORT_ALEMBIC:-$CACHE/venv/bin/alembic}

# The online rows need a PostgreSQL server: a throwaway one, when PostgreSQL is installed.
if [[ -z "${RETORT_TEST_PG_URL:-}" ]] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    exec scripts/with-postgres.sh "$PY" Benchmarks/bench.py "$@"
fi
exec "$PY" Benchmarks/bench.py "$@"
