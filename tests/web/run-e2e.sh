#!/usr/bin/env bash
# Start the server on a free port over DB, run the dashboard's end-to-end test in headless
# Chromium, stop the server. tests/web/run-e2e.sh PATH/TO/rapporti DB OUTPUT_DIR
set -u
bin=$1; db=$2; out=${3:-test-output}
tmp=$(mktemp -d)
"$bin" serve --db "$db" --listen 127.0.0.1:0 2> "$tmp/log" &
srv=$!
trap 'kill $srv 2>/dev/null; wait $srv 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q "serving" "$tmp/log" && break; sleep 0.1; done
base=$(grep -o "http://127.0.0.1:[0-9]*/" "$tmp/log" | head -1)
mkdir -p "$out"
timeout 180 node "$(dirname "$0")/e2e.js" "$base" "$out"
