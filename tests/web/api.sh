#!/usr/bin/env bash
# API tests over HTTP against a running server on 127.0.0.1 (started here on a free port):
# status codes, JSON shapes, limits, bad parameters, methods, path traversal, slow clients.
# tests/web/api.sh PATH/TO/rapporti DB
set -u
bin=${1:?usage: tests/web/api.sh PATH/TO/rapporti DB}
db=${2:?usage: tests/web/api.sh PATH/TO/rapporti DB}
tmp=$(mktemp -d)
"$bin" serve --db "$db" --listen 127.0.0.1:0 --timeout 2 2> "$tmp/log" &
srv=$!
trap 'kill $srv 2>/dev/null; wait $srv 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q "serving" "$tmp/log" && break; sleep 0.1; done
base=$(grep -o "http://127.0.0.1:[0-9]*" "$tmp/log" | head -1)
n=0; failed=0
ok() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); echo "#   status $(cat "$tmp/code" 2>/dev/null): $(head -c 300 "$tmp/body" 2>/dev/null)"; fi; }
get() { curl -s --path-as-is -o "$tmp/body" -w "%{http_code}" "$@" > "$tmp/code"; }
status() { [ "$(cat "$tmp/code")" = "$1" ]; }
js() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$tmp/body"; }

ok "server listening on $base" '[ -n "$base" ]'
get "$base/api/dyad?source=RUS&target=CHN&by=month"
ok "dyad: 200 with periods and their measures" 'status 200 && js "len(d[\"periods\"])==6 and all(k in d[\"periods\"][0] for k in (\"period\",\"events\",\"q1\",\"q4\",\"goldstein_mean\",\"net_cooperation\",\"documents\",\"events_per_100_documents\",\"top_sentence\"))"'
get "$base/api/dyad?source=RUS&target=CHN&by=week&directed=true&from=2024-03-01&to=2024-04-30"
ok "dyad by week, directed, with dates" 'status 200 && js "d[\"directed\"] is True and all(p[\"period\"].startswith(\"2024-W\") for p in d[\"periods\"])"'
get "$base/api/dyad?source=RUS"
ok "dyad without target: 400 with a JSON error" 'status 400 && js "\"error\" in d and d[\"status\"]==400"'
get "$base/api/dyad?source=RUS&target=CHN&colour=red"
ok "unknown parameter: 400 naming it" 'status 400 && grep -q colour "$tmp/body"'
get "$base/api/dyad?source=rus&target=CHN"
ok "actor not a code: 400" 'status 400'
get "$base/api/dyad?source=RUS%27%20OR%201%3D1--&target=CHN"
ok "injection through an actor: 400" 'status 400'
get "$base/api/events?from=2024-13-01"
ok "bad date: 400" 'status 400'
get "$base/api/events?limit=0"; s1=$(cat "$tmp/code"); get "$base/api/events?limit=1001"; s2=$(cat "$tmp/code"); get "$base/api/events?root=21"; s3=$(cat "$tmp/code")
ok "numbers out of range (limit 0, limit 1001, root 21): 400" '[ "$s1$s2$s3" = 400400400 ]'
get "$base/api/events?code=19%27"
ok "code not digits: 400" 'status 400'
get "$base/api/events?source=ISR&root=19&limit=3&offset=1&lang=it"
ok "events: 200, paged, grouped, with Italian code names" 'status 200 && js "d[\"limit\"]==3 and d[\"offset\"]==1 and len(d[\"events\"])==3 and all(e[\"code\"].startswith(\"19\") and e[\"source\"].startswith(\"ISR\") and \"mentions\" in e and \"code_name\" in e for e in d[\"events\"])"'
get "$base/api/events?source=ISR&root=19&limit=1"
ev=$(python3 -c "import json; e=json.load(open('$tmp/body'))['events'][0]; print(f\"source={e['source']}&target={e['target']}&from={e['date']}&code={e['code']}\")")
get "$base/api/event?$ev"
ok "one event: its mentions with sentence, document and offsets" 'status 200 && js "len(d[\"mentions\"])>=1 and all(k in d[\"mentions\"][0] for k in (\"doc_id\",\"sentence_text\",\"verb_start\",\"verb_end\",\"url\"))"'
get "$base/api/event?source=ISR"
ok "event without its keys: 400" 'status 400'
get "$base/api/trending?min_events=2&limit=5"
ok "trending: 200, at most 5 dyads with before/after" 'status 200 && js "0<len(d[\"dyads\"])<=5 and \"change\" in d[\"dyads\"][0]"'
get "$base/api/top?limit=3"
ok "top: 3 dyads" 'status 200 && js "len(d[\"dyads\"])==3"'
get "$base/api/actors/RUS?by=month"
ok "actor profile: partners, codes, trend" 'status 200 && js "d[\"actor\"]==\"RUS\" and len(d[\"partners\"])>0 and len(d[\"codes\"])>0 and len(d[\"trend\"])>0"'
get "$base/api/actors/r%00s"
ok "actor profile of a bad code: 400" 'status 400'
get "$base/api/documents/1"
ok "a document with its events" 'status 200 && js "d[\"id\"]==1 and len(d[\"text\"])>0 and isinstance(d[\"events\"], list)"'
ok "a document with its context: tone, places (GDELT geo fields), quotes, amounts, dates" 'status 200 && js "all(isinstance(d[k], list) for k in (\"places\",\"quotes\",\"amounts\",\"dates\")) and (d[\"tone\"] is None or \"tone\" in d[\"tone\"]) and all(k in p for p in d[\"places\"] for k in (\"type\",\"full_name\",\"country_fips\",\"lat\",\"long\",\"feature_id\",\"ambiguous\")) and all(k in e for e in d[\"events\"] for k in (\"geo_full_name\",\"when_from\"))"'
get "$base/api/places?source=RUS&limit=5"
ok "places: what happened where, with coordinates and counts" 'status 200 && js "0<len(d[\"places\"])<=5 and all(isinstance(p[\"lat\"], float) and isinstance(p[\"long\"], float) and p[\"events\"]>0 and \"full_name\" in p for p in d[\"places\"])"'
get "$base/api/places?source=RUS%27--"
ok "places: a bad actor is refused" 'status 400'
get "$base/api/documents/99999999"; s1=$(cat "$tmp/code"); get "$base/api/documents/abc"; s2=$(cat "$tmp/code")
ok "missing document 404, bad id 400" '[ "$s1$s2" = 404400 ]'
get "$base/api/dict"
ok "dictionary and store stats" 'status 200 && js "d[\"patterns\"]>3000 and d[\"documents\"]>0"'
get "$base/api/nothing"
ok "unknown API: 404 JSON" 'status 404 && js "\"error\" in d"'
get -X POST "$base/api/top"; s1=$(cat "$tmp/code"); get -X DELETE "$base/api/top"; s2=$(cat "$tmp/code")
ok "POST and DELETE: 405 (read-only)" '[ "$s1$s2" = 405405 ]'
get -I "$base/api/top"
ok "HEAD: 200" 'status 200'
get "$base/"; ct=$(curl -s -o /dev/null -w "%{content_type}" "$base/app.js")
ok "the dashboard: index and scripts with their types" 'status 200 && grep -q "<title>rapporti" "$tmp/body" && [ "$ct" = "text/javascript; charset=utf-8" ]'
get "$base/../../etc/passwd"; s1=$(cat "$tmp/code"); get "$base/%2e%2e/%2e%2e/etc/passwd"; s2=$(cat "$tmp/code")
get "$base/node_modules/../../Makefile"; s3=$(cat "$tmp/code"); get "$base/..%2f..%2fMakefile"; s4=$(cat "$tmp/code")
ok "path traversal refused (plain, encoded, through node_modules)" '[ "$s1" = 400 ] && [ "$s2" = 400 ] && [ "$s3" = 400 ] && [ "$s4" = 400 ] && ! grep -q "root:" "$tmp/body"'
big=$(python3 -c "print('a'*20000)")
get -H "X-Big: $big" "$base/api/top"
ok "oversized headers refused" '[ "$(cat "$tmp/code")" != 200 ]'
python3 - "$base" > "$tmp/slow" <<'PY'
import socket, sys, time
host, port = sys.argv[1].split("//")[1].split(":")
s = socket.create_connection((host, int(port)))
s.sendall(b"GET /api/top HTTP/1.1\r\nHost: x\r\n")   # never finished
s.settimeout(6)
t = time.time()
try:
    data = s.recv(100)
except socket.timeout:
    data = b"TIMEOUT"
print("closed" if data in (b"",) or data.startswith(b"HTTP/1.1 4") else data.decode(errors="replace"), round(time.time() - t, 1))
PY
ok "a slow client is dropped after the time limit (2 s)" 'grep -q "^closed" "$tmp/slow"'
get "$base/api/top"
ok "still serving afterwards" 'status 200'

echo "$((n - failed)) passed, $failed failed"
[ $failed = 0 ]
