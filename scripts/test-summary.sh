#!/usr/bin/env bash
# Runs the command given (swift test), keeps its exit status, and ends with one plain
# line "N passed, N failed" taken from XCTest's final "Executed N tests, with M failures".
set -uo pipefail
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(grep -E '^[[:space:]]*Executed [0-9]+ tests?, with' "$log" | tail -1)
if [[ -n "$summary" ]]; then
    total=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")
    failed=$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")
    skipped=0
    if [[ "$summary" =~ ([0-9]+)\ tests?\ skipped ]]; then skipped=${BASH_REMATCH[1]}; fi
    echo
    echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
elif [[ $status -eq 0 ]]; then
    echo "test-summary: no XCTest summary found" >&2
    status=1
fi
exit "$status"
