#!/usr/bin/env bash
# Fetch tests against tests/fetch/server.py on 127.0.0.1 (no other network). TAP and a
# closing "N passed, N failed".
set -u
bin=${1:?usage: tests/fetch/run.sh PATH/TO/rapporti}
tmp=$(mktemp -d)
python3 "$(dirname "$0")/server.py" > "$tmp/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port")
feed="http://127.0.0.1:$port/feed.xml"
n=0; failed=0
ok() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); sed 's/^/#   /' "$tmp/err" | head -10; fi; }
opts="--state $tmp/state.json --timeout 1 --delay 0 --retry-delay 100"

"$bin" fetch $opts "$feed" > "$tmp/out1" 2> "$tmp/err"; st=$?
ok "first fetch: 6 documents, one per item" '[ "$(wc -l < "$tmp/out1")" = 6 ]'
ok "pages are extracted (title of the page, its text)" 'grep -q "\"title\":\"Item page1\"" "$tmp/out1" && grep -q "Xi Jinping a Mosca (page1)" "$tmp/out1"'
ok "a 404 item falls back to the feed summary, with a warning" 'grep -q "Summary of missing" "$tmp/out1" && grep -q "missing: HTTP status 404" "$tmp/err"'
ok "a slow page times out and falls back" 'grep -q "Summary of slow" "$tmp/out1" && grep -q "slow: .*[Tt]imeout" "$tmp/err"'
ok "an oversized page is refused and falls back" 'grep -q "Summary of big" "$tmp/out1" && grep -q "larger than" "$tmp/err"'
ok "a 503 is retried, then the page is read" 'grep -q "La Francia ha criticato" "$tmp/out1"'
ok "exit status 1 when some pages could not be had" '[ $st = 1 ]'
ok "the state file records the feed ETag and the items" 'grep -q "\"etag\"" "$tmp/state.json" && grep -q "/page2" "$tmp/state.json"'

"$bin" fetch $opts "$feed" > "$tmp/out2" 2> "$tmp/err"; st=$?
ok "second fetch: not modified, nothing new, exit 0" '[ ! -s "$tmp/out2" ] && [ $st = 0 ] && grep -q "0 new document" "$tmp/err"'

python3 -c "import urllib.request; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:$port/bump', headers={'User-Agent': 'rapporti/test'}))"
"$bin" fetch $opts "$feed" > "$tmp/out3" 2> "$tmp/err"; st=$?
ok "after the feed changes: only the new item" '[ "$(wc -l < "$tmp/out3")" = 1 ] && grep -q "page3" "$tmp/out3"'

"$bin" fetch $opts "$feed" | "$bin" code --jsonl --date 2024-03-15 - > "$tmp/ev" 2> "$tmp/err"
"$bin" fetch --no-state --timeout 1 --delay 0 --retry-delay 100 "$feed" 2>/dev/null | "$bin" code --jsonl --format tsv - > "$tmp/ev" 2> "$tmp/err"
ok "fetch | code: events from the fetched pages" 'grep -q "RUSGOV.*CHNGOV.*036" "$tmp/ev"'

echo "{broken" > "$tmp/bad-state.json"
"$bin" fetch --state "$tmp/bad-state.json" "$feed" > /dev/null 2> "$tmp/err"; st=$?
ok "a damaged state file is refused with its name, exit 2" '[ $st = 2 ] && grep -q "bad-state.json" "$tmp/err"'

"$bin" fetch --no-state --timeout 1 --retry-delay 100 "http://127.0.0.1:1/feed.xml" > /dev/null 2> "$tmp/err"; st=$?
ok "an unreachable feed: clear error, exit 1" '[ $st = 1 ] && grep -q "127.0.0.1:1/feed.xml" "$tmp/err"'

"$bin" extract "http://127.0.0.1:$port/page2" > "$tmp/out4" 2> "$tmp/err"
ok "extract URL fetches and extracts one page" 'grep -q "page2" "$tmp/out4"'

"$bin" watch --db "$tmp/w.db" --every 1s --rounds 2 --timeout 1 "$feed" > /dev/null 2> "$tmp/err"; st=$?
ok "watch: two rounds into a store, the second finds nothing new" '[ $st = 0 ] && grep -q "round 1: 7 new document" "$tmp/err" && grep -q "round 2: 0 new document" "$tmp/err"'
ok "watch: the fetched articles' events are stored" '"$bin" query top --db "$tmp/w.db" --format csv | grep -q "CHN-RUS"'

echo "$((n - failed)) passed, $failed failed"
[ $failed = 0 ]
