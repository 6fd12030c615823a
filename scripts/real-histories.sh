#!/usr/bin/env bash
# Download pinned wheels that ship real Alembic histories and extract their versions
# directories. Nothing here is committed; everything lives in the cache:
#   ${RETORT_CACHE:-$HOME/.cache/retort}/wheels/*.whl
#   ${RETORT_CACHE:-$HOME/.cache/retort}/histories/<name>/*.py  (the names in SPECS)
#   ${RETORT_CACHE:-$HOME/.cache/retort}/histories/<name>-source/  the wheel's Python files
#     (the application's own modules, which its revisions import, and those of the
#     dependencies named in SPECS' fourth column: what site-packages holds beside it)
# Needs the oracle venv (scripts/oracle-venv.sh) for pip. Quiet when all is present.
set -euo pipefail

CACHE=${RETORT_CACHE:-$HOME/.cache/retort}
PY=$CACHE/venv/bin/python
WHEELS=$CACHE/wheels
HIST=$CACHE/histories

# name  requirement  versions directory inside the wheel  [dependencies whose Python the
# revisions reach through the application's modules, comma-separated, pinned as the
# application's own requirement resolves today]
SPECS=(
    "airflow        apache-airflow-core==3.3.2  airflow/migrations/versions"
    "superset       apache-superset==6.1.0      superset/migrations/versions  flask-appbuilder==5.3.0"
    "mlflow         mlflow==3.18.0              mlflow/store/db_migrations/versions"
    "zenml          zenml==0.98.0               zenml/zen_stores/migrations/versions"
    "langflow       langflow-base==1.13.0       langflow/alembic/versions"
    "prefect-pg     prefect==3.9.1              prefect/server/database/_migrations/versions/postgresql"
    "prefect-sqlite prefect==3.9.1              prefect/server/database/_migrations/versions/sqlite"
    "dagster        dagster==1.13.29            dagster/_core/storage/alembic/versions  dagster-shared==1.13.29"
    "phoenix        arize-phoenix==20.26.1      phoenix/db/migrations/versions"
    "jupyterhub     jupyterhub==6.1.1           jupyterhub/alembic/versions"
)

# The cached wheel of a pinned requirement, downloaded when missing.
wheel_of() {
    local req=$1 pkg ver norm wheel
    pkg=${req%%==*}
    ver=${req##*==}
    norm=$(echo "$pkg" | tr '-' '_')
    wheel=$(ls "$WHEELS"/"${norm}-${ver}"-*.whl 2>/dev/null | head -n1 || true)
    if [[ -z "$wheel" ]]; then
        echo "real-histories: downloading $req" >&2
        "$PY" -m pip download -q --disable-pip-version-check --no-deps \
            --only-binary=:all: -d "$WHEELS" "$req" >&2
        wheel=$(ls "$WHEELS"/"${norm}-${ver}"-*.whl | head -n1)
    fi
    echo "$wheel"
}

mkdir -p "$WHEELS" "$HIST"
for spec in "${SPECS[@]}"; do
    read -r name req inner extras <<<"$spec"
    wheel=$(wheel_of "$req")
    dest=$HIST/$name
    stamp=$dest/.retort-source
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$(basename "$wheel")" ]]; then
        continue
    fi
    echo "real-histories: extracting $inner from $(basename "$wheel")" >&2
    rm -rf "$dest.tmp"
    mkdir -p "$dest.tmp"
    "$PY" - "$wheel" "$inner" "$dest.tmp" <<'PYEOF'
import os, sys, zipfile
wheel, inner, dest = sys.argv[1], sys.argv[2].rstrip("/") + "/", sys.argv[3]
n = 0
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        if not info.filename.startswith(inner) or info.is_dir():
            continue
        rel = info.filename[len(inner):]
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(info) as src, open(target, "wb") as out:
            out.write(src.read())
        n += 1
if n == 0:
    sys.exit(f"no files under {inner} in {wheel}")
PYEOF
    basename "$wheel" >"$dest.tmp/.retort-source"
    rm -rf "$dest"
    mv "$dest.tmp" "$dest"
done

# The applications' own Python (every .py of the wheel), for the imports their revisions make.
for spec in "${SPECS[@]}"; do
    read -r name req inner extras <<<"$spec"
    wheels=("$(wheel_of "$req")")
    for extra in ${extras//,/ }; do wheels+=("$(wheel_of "$extra")"); done
    names=$(for w in "${wheels[@]}"; do basename "$w"; done)
    dest=$HIST/$name-source
    stamp=$dest/.retort-source
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$names" ]]; then
        continue
    fi
    echo "real-histories: extracting the Python of" $names >&2
    rm -rf "$dest" "$dest.tmp"
    mkdir -p "$dest.tmp"
    "$PY" - "$dest.tmp" "${wheels[@]}" <<'PYEOF'
import os, sys, zipfile
dest, wheels = sys.argv[1], sys.argv[2:]
for wheel in wheels:
    with zipfile.ZipFile(wheel) as z:
        for info in z.infolist():
            if info.is_dir() or not info.filename.endswith(".py") or ".dist-info/" in info.filename:
                continue
            target = os.path.join(dest, info.filename)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with z.open(info) as src, open(target, "wb") as out:
                out.write(src.read())
PYEOF
    echo "$names" >"$dest.tmp/.retort-source"
    mv "$dest.tmp" "$dest"
done
