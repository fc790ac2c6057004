#!/usr/bin/env bash
# Crash safety: kill -9 the ingest at random points, rerun each time, and check the store
# ends with exactly the data of an uninterrupted run (kept in a SQLite reference).
# tests/store/crash.sh PATH/TO/rapporti DB [KILLS]   (DB: empty SQLite path or postgresql:// URL;
# CRASH_DOCS documents, default 20000: enough that the kills land while work is left)
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
db=${2:?usage: tests/store/crash.sh PATH/TO/rapporti DB [KILLS]}
kills=${3:-8}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/big.jsonl" "${CRASH_DOCS:-20000}" <<'PY'
import json, random, sys
random.seed(7)
texts = ["La Russia e la Cina hanno firmato un accordo sull'energia.", "Mosca ha criticato Washington per le sanzioni.",
         "La Cina ha condannato la Russia.", "Russia and China held talks in Beijing.", "China threatened Russia.",
         "Il presidente francese ha incontrato il premier italiano a Roma.", "Israel attacked Iran.",
         "La Turchia ha convocato l'ambasciatore svedese.", "The United States imposed sanctions on Iran."]
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        d = f"2024-{1 + i % 6:02d}-{1 + i % 28:02d}"
        t = random.choice(texts) + f" Rif. {i}."
        f.write(json.dumps({"id": f"x{i}", "url": f"https://crash.example/{i}", "date": d, "lang": "it" if "à" in t or " la " in t.lower() else "en", "text": t}) + "\n")
PY
n=0; failed=0
ok() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); fi; }
snapshot() { "$bin" export --db "$1" --format csv | cut -d, -f3- | sort > "$2"; }

"$bin" ingest --db "$tmp/ref.db" --quiet "$tmp/big.jsonl" 2>/dev/null
snapshot "$tmp/ref.db" "$tmp/ref.csv"
ok "reference run: the events of ${CRASH_DOCS:-20000} documents exported" '[ "$(wc -l < "$tmp/ref.csv")" -gt $(( ${CRASH_DOCS:-20000} * 3 / 4 )) ]'

killed=0
for k in $(seq 1 "$kills"); do
    "$bin" ingest --db "$db" --quiet "$tmp/big.jsonl" 2>/dev/null &
    pid=$!
    sleep "0.$(( (RANDOM % 2) ))$(( (RANDOM % 9) + 1 ))"  # 0.01 to 0.19 s: early enough that work is left
    if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
    wait "$pid" 2>/dev/null
done
ok "the ingest was killed mid-run at least $((kills / 2)) times ($killed of $kills)" '[ $killed -ge $((kills / 2)) ]'
"$bin" ingest --db "$db" --quiet "$tmp/big.jsonl" 2>/dev/null; st=$?
ok "a last run completes" '[ $st = 0 ]'
snapshot "$db" "$tmp/after.csv"
ok "exactly the data of the uninterrupted run (no loss, no duplicate)" 'cmp -s "$tmp/ref.csv" "$tmp/after.csv"'
"$bin" ingest --db "$db" --quiet "$tmp/big.jsonl" 2>/dev/null
snapshot "$db" "$tmp/again.csv"
ok "and a further run adds nothing" 'cmp -s "$tmp/ref.csv" "$tmp/again.csv"'
echo "$((n - failed)) passed, $failed failed"
[ $failed = 0 ]
