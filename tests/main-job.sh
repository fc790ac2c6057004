#!/usr/bin/env bash
# The main job of 'make run' (tools/run-samples) on a fresh store: it must show the
# measures and the places. TAP. Usage: tests/main-job.sh PATH/TO/rapporti
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
RAPPORTI_DB=$d/demo.db "$(dirname "$0")/../tools/run-samples" "$1" > "$d/out" 2>&1
if grep -q '^== Relations that warmed' "$d/out" && grep -q '^Beijing .* CHN' "$d/out"; then
    echo "ok 1 - the main job (tools/run-samples) shows the measures and where events happened"
else
    echo "not ok 1 - the main job (tools/run-samples)"
    tail -5 "$d/out" | sed 's/^/#   /'
fi
echo "1..1"
