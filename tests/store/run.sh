#!/usr/bin/env bash
# Store tests, for one backend: tests/store/run.sh PATH/TO/rapporti DB (a SQLite path or a
# postgresql:// URL of an empty database). Ingest, idempotence, measures against
# hand-computed answers (tests/store/corpus.jsonl), exports, injection attempts, recode,
# and kill -9 at several points. TAP and a closing "N passed, N failed".
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
db=${2:?usage: tests/store/run.sh PATH/TO/rapporti DB}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; failed=0
ok() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); [ -s "$tmp/err" ] && sed 's/^/#   /' "$tmp/err" | head -8; fi; }
# json_is FILE PYTHON-EXPRESSION: the expression over rows = the parsed JSON is true
json_is() { python3 -c "import json,sys; rows=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
q() { "$bin" query "$@" --db "$db" --format json > "$tmp/out" 2> "$tmp/err"; }

cp "$here/corpus.jsonl" "$tmp/corpus.jsonl"
"$bin" ingest --db "$db" --quiet "$tmp/corpus.jsonl" 2> "$tmp/err"; st=$?
ok "ingest: exit 0" '[ $st = 0 ]'
"$bin" export --db "$db" --format jsonl > "$tmp/m1"
ok "6 documents stored (the 7th repeats a text), 8 events (one negated)" '[ "$(wc -l < "$tmp/m1")" = 8 ] && grep -c "\"negated\":\"1\"" "$tmp/m1" | grep -qx 1'
"$bin" ingest --db "$db" "$tmp/corpus.jsonl" 2> "$tmp/err"
ok "the same file again: already ingested, skipped" 'grep -q "already ingested" "$tmp/err"'
touch -d "2024-06-01" "$tmp/corpus.jsonl"
"$bin" ingest --db "$db" "$tmp/corpus.jsonl" 2> "$tmp/err"
"$bin" export --db "$db" --format jsonl > "$tmp/m2"
ok "changed file read again: nothing added (documents keyed by URL and content)" 'grep -q "0 new document" "$tmp/err" && cmp -s "$tmp/m1" "$tmp/m2"'

q dyad RUS CHN --by month
ok "dyad RUS-CHN January: 2 events, sum 16, mean 8, net 1, 2 documents, 100 per 100" \
   'json_is "$tmp/out" "rows[0][\"period\"]==\"2024-01\" and rows[0][\"events\"]==2 and rows[0][\"goldstein_sum\"]==16 and rows[0][\"goldstein_mean\"]==8 and rows[0][\"net_cooperation\"]==1 and rows[0][\"documents\"]==2 and rows[0][\"events_per_100_documents\"]==100"'
ok "February: 3 events (q1 2, q3 1), sum 0, net 0.333, 150 per 100 documents" \
   'json_is "$tmp/out" "rows[1][\"events\"]==3 and rows[1][\"q1\"]==2 and rows[1][\"q3\"]==1 and rows[1][\"goldstein_sum\"]==0 and rows[1][\"net_cooperation\"]==0.333 and rows[1][\"events_per_100_documents\"]==150"'
ok "March: 1 event (the negated one left out), mean -4.4, net -1, top event 130" \
   'json_is "$tmp/out" "len(rows)==3 and rows[2][\"events\"]==1 and rows[2][\"goldstein_mean\"]==-4.4 and rows[2][\"net_cooperation\"]==-1 and rows[2][\"top_code\"]==\"130\""'
q dyad CHN RUS --directed
ok "directed CHN -> RUS: 1, 2, 1 events" 'json_is "$tmp/out" "[r[\"events\"] for r in rows]==[1,2,1]"'
q trending --from 2024-01-01 --to 2024-03-31 --split 2024-02-01 --min-events 1
ok "trending: CHN-RUS from mean 8 (2 events) to -1.1 (4 events): change -9.1" \
   'json_is "$tmp/out" "len(rows)==1 and rows[0][\"dyad\"]==\"CHN-RUS\" and rows[0][\"events_before\"]==2 and rows[0][\"goldstein_after\"]==-1.1 and rows[0][\"change\"]==-9.1"'
q top
ok "top dyads: CHN-RUS 6 events, RUS-USA 1" 'json_is "$tmp/out" "[(r[\"dyad\"],r[\"events\"]) for r in rows]==[(\"CHN-RUS\",6),(\"RUS-USA\",1)]"'
"$bin" query actor RUS --db "$db" --format json > "$tmp/out" 2> "$tmp/err"
ok "actor RUS: partners CHN (6) and USA (1)" 'python3 -c "import json,sys; t=sys.stdin.read(); a=json.JSONDecoder().raw_decode(t)[0]; sys.exit(0 if [(r[\"partner\"],r[\"events\"]) for r in a]==[(\"CHN\",6),(\"USA\",1)] else 1)" < "$tmp/out"'
q events --source CHN --root 11
ok "events: CHN root 11 grouped, the negated mention flagged" \
   'json_is "$tmp/out" "len(rows)==2 and rows[0][\"date\"]==\"2024-03-09\" and rows[0][\"negated_mentions\"]==1 and rows[1][\"code\"]==\"111\" and rows[1][\"mentions\"]==1"'
q events --limit 2 --offset 2
ok "events: paging" 'json_is "$tmp/out" "len(rows)==2"'

"$bin" export --db "$db" --format gdelt > "$tmp/g"
ok "GDELT export: 61 tab-separated columns on every line" '[ -s "$tmp/g" ] && awk -F"\t" "NF!=61{bad=1} END{exit bad}" "$tmp/g"'
"$bin" export --db "$db" --format mentions > "$tmp/g"
ok "mentions export: 16 columns, 8 rows" '[ "$(wc -l < "$tmp/g")" = 8 ] && awk -F"\t" "NF!=16{bad=1} END{exit bad}" "$tmp/g"'
"$bin" export --db "$db" --format plover > "$tmp/g"
ok "PLOVER-style export: JSON lines with event types" 'python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$tmp/g" && grep -q "\"event_type\":\"THREATEN\"" "$tmp/g"'

"$bin" query dyad "RUS' OR '1'='1" CHN --db "$db" > /dev/null 2> "$tmp/err"; st=$?
ok "injection through an actor: refused (exit 2)" '[ $st = 2 ]'
"$bin" query events --code "1' OR 1=1 --" --db "$db" > /dev/null 2> "$tmp/err"; st=$?
ok "injection through a code filter: refused (exit 2)" '[ $st = 2 ]'
"$bin" query events --from "2024-01-01'; DROP TABLE events; --" --db "$db" > /dev/null 2> "$tmp/err"; st=$?
"$bin" export --db "$db" --format jsonl > "$tmp/m3"
ok "injection through a date: refused, the store untouched" '[ $st = 2 ] && cmp -s "$tmp/m1" "$tmp/m3"'

# recode with a dictionary copy where "threaten" is not a pattern any more
cp -r "$here/../../dicts" "$tmp/dicts"
sed -i "/^13[0-9]* .*threaten/d; /^13[0-9]* .*=threatened/d" "$tmp/dicts/en/verbs/13.txt"
"$bin" recode --db "$db" --dict "$tmp/dicts" > "$tmp/out" 2> "$tmp/err"
ok "recode reports the changed documents" 'grep -q "recoded 6 document(s): 1 changed" "$tmp/out"'
"$bin" recode --db "$db" > "$tmp/out" 2> "$tmp/err"
ok "recode back: the event returns" 'grep -q "1 changed" "$tmp/out" && "$bin" export --db "$db" --format jsonl | wc -l | grep -qx 8'

# the context stage: places, quotes, amounts, dates and tone kept with the document, where
# and when with the event, the same after a recode; the GKG and GDELT exports carry them
cat > "$tmp/context.jsonl" <<'JSON'
{"id":"c1","url":"https://c.example/1","date":"2022-12-30","lang":"it","text":"Putin invita Xi a Mosca\nPutin avrebbe inoltre invitato Xi Jinping a Mosca in visita ufficiale. «Ti aspettiamo, caro amico», ha detto Putin. I due paesi aumenteranno gli scambi commerciali del 25% entro la fine dell'anno. Il presidente cinese dovrebbe recarsi in Russia la prossima primavera."}
JSON
"$bin" ingest --db "$db" --quiet "$tmp/context.jsonl" 2> "$tmp/err"; st=$?
"$bin" export --db "$db" --format gkg --from 2022-12-30 --to 2022-12-30 > "$tmp/gkg" 2> "$tmp/err"
ok "gkg export: a header and the document's row (15 columns)" '[ $st = 0 ] && [ "$(wc -l < "$tmp/gkg")" = 2 ] && awk -F"\t" "NF!=15{bad=1} END{exit bad}" "$tmp/gkg"'
ok "gkg: Moscow located (type 4, FIPS RS, GeoNames 524901), Putin's quote, 25% of trade, spring 2023, a tone" \
   'tail -1 "$tmp/gkg" | grep -q "4#Moscow, Moscow, Russia#RS#RS48#55.75222#37.61556#524901" && tail -1 "$tmp/gkg" | grep -q "|RUSGOV|Ti aspettiamo, caro amico" && tail -1 "$tmp/gkg" | grep -q "25,scambi commerciali" && tail -1 "$tmp/gkg" | grep -q "season#2023-03-01#2023-05-31" && tail -1 "$tmp/gkg" | cut -f11 | grep -Eq "^-?[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,0,0,[0-9]+$"'
"$bin" export --db "$db" --format gdelt --from 2022-12-30 --to 2022-12-30 > "$tmp/gd"
ok "gdelt export: the invitation's ActionGeo is Moscow, with AvgTone" \
   'awk -F"\t" "\$27==\"036\" && \$52==4 && \$53==\"Moscow, Moscow, Russia\" && \$54==\"RS\" && \$59==\"524901\" && \$35!=\"\"{f=1} END{exit !f}" "$tmp/gd"'
q dyad RUS CHN --from 2022-12-01 --to 2022-12-31
ok "dyad measures carry the articles' mean tone" 'json_is "$tmp/out" "len(rows)==1 and rows[0][\"tone_mean\"] is not None"'
"$bin" recode --db "$db" > /dev/null 2> "$tmp/err"
"$bin" export --db "$db" --format gkg --from 2022-12-30 --to 2022-12-30 > "$tmp/gkg2"
ok "recode: the context is found again, not doubled" 'cmp -s "$tmp/gkg" "$tmp/gkg2"'

echo "$((n - failed)) passed, $failed failed"
[ $failed = 0 ]
