#!/usr/bin/env bash
# Install the Debian packages that Retort's build, tests, demo and benchmark need
# (with --test also those only the tests need: a MariaDB server, which a desktop
# running `make demo` should not get). Quiet when nothing is missing. As root: apt-get
# installs the missing ones.
# Otherwise: prints the exact command to run and exits 1.
set -euo pipefail

PACKAGES=(
    libncursesw5-dev   # CCurses (ncursesw)
    libsqlite3-dev     # CSQLite
    libpq-dev          # CPostgres
    pkg-config         # SwiftPM system-library lookup
    postgresql         # initdb/pg_ctl for scripts/with-postgres.sh
    postgresql-client  # psql
    tmux               # end-to-end tests of the browser
    python3            # Alembic oracle
    python3-venv
    time               # /usr/bin/time -f %M in the benchmark
    hyperfine          # benchmark timing
    ca-certificates    # pip over https
)

if [[ "${1:-}" == "--test" ]]; then
    PACKAGES+=(mariadb-server)  # mariadbd for scripts/with-mariadb.sh (MySQL through the second engine)
fi

missing=()
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$p")
    fi
done

[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
    echo "install-deps: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "Run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
