#!/usr/bin/env bash
# Load on the JSON API with wrk: 64 connections, 2 threads, 10 s per endpoint, against a
# server on 127.0.0.1 over the sample corpus (ingested into a temporary SQLite store).
# Prints requests/s, latency percentiles and errors per endpoint, and the server's
# resident memory before and after. Usage: bench/api.sh [build/rapporti] [SECONDS]
set -eu
bin=${1:-build/rapporti}
secs=${2:-10}
command -v wrk >/dev/null || { echo "bench/api.sh: wrk is not installed (apt-get install wrk)"; exit 1; }
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
"$bin" ingest --quiet --db "$tmp/demo.db" samples/corpus/*.jsonl 2>/dev/null
"$bin" serve --db "$tmp/demo.db" --listen 127.0.0.1:0 2> "$tmp/log" &
srv=$!
trap 'kill $srv 2>/dev/null; wait $srv 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q serving "$tmp/log" && break; sleep 0.1; done
base=$(grep -o "http://127.0.0.1:[0-9]*" "$tmp/log" | head -1)
rss() { awk '/VmRSS/ {print $2 " kB"}' /proc/$srv/status; }
echo "machine: $(nproc) cores, $(uname -m); commit $(git rev-parse --short HEAD 2>/dev/null || echo ?); server RSS before: $(rss)"
printf '%-46s %10s %8s %8s %8s %8s\n' endpoint "req/s" p50 p90 p99 errors
for path in "/api/dyad?source=RUS&target=CHN&by=month" "/api/events?source=ISR&root=19&limit=20" \
            "/api/trending" "/api/top?limit=20" "/api/actors/RUS" "/app.js"; do
    wrk -t2 -c64 -d"${secs}s" --latency "$base$path" > "$tmp/w" 2>&1
    rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/w")
    p50=$(awk '$1=="50%" {print $2}' "$tmp/w"); p90=$(awk '$1=="90%" {print $2}' "$tmp/w"); p99=$(awk '$1=="99%" {print $2}' "$tmp/w")
    errs=$(awk '/Socket errors|Non-2xx/ {e = e $0 "; "} END {print e ? e : "0"}' "$tmp/w")
    printf '%-46s %10s %8s %8s %8s %8s\n' "$path" "$rps" "$p50" "$p90" "$p99" "$errs"
done
echo "server RSS after: $(rss)"
