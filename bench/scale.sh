#!/usr/bin/env bash
# Scale benchmark: stored events, one process and MPI ranks. Prints, with machine and
# commit: (1) HTML pages -> stored events (SQLite) on one process, on the pages of
# ../shared/reference/article-extraction-benchmark (said when absent); (2) JSONL
# documents -> stored events with 'rapporti ingest' on one process and with
# 'mpirun -np N ... --mpi' for N = 1, 2, 4, and the scaling efficiency of each
# (speed-up / N), the JSONL ingest without the context stage (--no-context), and
# 'rapporti code -j 1' against '-j 2' and '-j <cores>' (speed-up, output compared). A
# benchmark, not a test: it asserts nothing.
# bench/scale.sh [PATH/TO/rapporti]   (DOCS documents, default 40000)
set -u
cd "$(dirname "$0")/.."
bin=$(cd "$(dirname "${1:-build/rapporti}")" && pwd)/$(basename "${1:-build/rapporti}")
docs=${DOCS:-40000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "machine: $(hostname), $(nproc) cores; commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

secs() { local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null 2>> "$tmp/err"; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }
calc() { awk "BEGIN { print $1 }"; }

pages=../shared/reference/article-extraction-benchmark/html
if [ -d "$pages" ]; then
    n=$(ls "$pages" | wc -l)
    mb=$(du -sm "$pages" | cut -f1)
    t=$(secs "$bin" ingest --quiet --db "$tmp/pages.db" "$pages")
    ev=$(( $("$bin" export --db "$tmp/pages.db" --format csv | wc -l) - 1 ))
    printf "HTML -> stored events (SQLite), 1 process, dictionary load included: %d gzipped pages (%s MB) in %.2f s: %.0f pages/s, %s events (target >= 2,000 pages/s)\n" \
        "$n" "$mb" "$t" "$(calc "$n / $t")" "$ev"
else
    echo "HTML -> stored events: $pages is absent (../shared not beside the repository); not measured"
fi

# our own documents: ten sentences each, from the sample corpus's sentences, numbered
python3 - "$tmp/docs.jsonl" "$docs" <<'PY'
import json, random, re, sys, glob
random.seed(11)
sents = {"it": [], "en": []}
for f in sorted(glob.glob("samples/corpus/*.jsonl")):
    for line in open(f, encoding="utf-8"):
        d = json.loads(line)
        for s in re.split(r"(?<=[.!?])\s+", d["text"]):
            if len(s) > 30:
                sents[d.get("lang", "en")].append(s)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i in range(int(sys.argv[2])):
        lang = "it" if i % 2 else "en"
        text = " ".join(random.choice(sents[lang]) for _ in range(10)) + f" ({i})"
        out.write(json.dumps({"id": f"b{i}", "url": f"https://bench.example/{i}", "date": f"2024-{1 + i % 6:02d}-{1 + i % 28:02d}",
                              "lang": lang, "text": text}, ensure_ascii=False) + "\n")
PY
# split in 8 files so that ranks have files to share as well as lines
split -n l/8 -d --additional-suffix=.jsonl "$tmp/docs.jsonl" "$tmp/part"
rm "$tmp/docs.jsonl"
echo "corpus: $docs generated documents of 10 sentences (it and en), $(du -sm "$tmp" | cut -f1) MB in 8 JSONL files"
# rapporti code --threads N: events to standard output, best of two runs, output compared
best() { local a b; a=$(secs "$@"); b=$(secs "$@"); awk -v a="$a" -v b="$b" 'BEGIN { print (a < b ? a : b) }'; }
tj1=$(best "$bin" code -j 1 "$tmp"/part*.jsonl)
"$bin" code -j 1 "$tmp"/part*.jsonl > "$tmp/j1.out" 2>> "$tmp/err"
printf "rapporti code -j 1 (events as JSONL to standard output, best of 2): %.2f s, %.0f documents/s, %s events\n" "$tj1" \
    "$(calc "$docs / $tj1")" "$(wc -l < "$tmp/j1.out")"
for j in $(printf "2\n%s\n" "$(nproc)" | sort -nu); do
    [ "$j" -lt 2 ] && continue
    tj=$(best "$bin" code -j "$j" "$tmp"/part*.jsonl)
    "$bin" code -j "$j" "$tmp"/part*.jsonl > "$tmp/j.out" 2>> "$tmp/err"
    printf "rapporti code -j %d: %.2f s, speed-up %.2fx over -j 1 (target >= 1.8x on 2 cores), output %s\n" "$j" "$tj" \
        "$(calc "$tj1 / $tj")" "$(cmp -s "$tmp/j1.out" "$tmp/j.out" && echo "identical to -j 1" || echo "DIFFERENT from -j 1")"
done
rm -f "$tmp/j1.out" "$tmp/j.out"
t1=$(secs "$bin" ingest --quiet --db "$tmp/one.db" "$tmp"/part*.jsonl)
printf "JSONL -> stored events (SQLite), 1 process: %.2f s, %.0f documents/s (with the context stage)\n" "$t1" "$(calc "$docs / $t1")"
t0=$(secs "$bin" ingest --quiet --no-context --db "$tmp/nocontext.db" "$tmp"/part*.jsonl)
printf "the same with --no-context: %.2f s, %.0f documents/s (the context stage costs %.0f%% more time)\n" "$t0" \
    "$(calc "$docs / $t0")" "$(calc "100 * ($t1 - $t0) / $t0")"
rm -f "$tmp/nocontext.db"*
if command -v mpirun > /dev/null; then
    mpi="mpirun --oversubscribe --allow-run-as-root"
    base=""
    for np in 1 2 4; do
        t=$(secs $mpi -np $np "$bin" ingest --mpi --quiet --db "$tmp/np$np.db" "$tmp"/part*.jsonl)
        [ -z "$base" ] && base=$t
        printf "mpirun -np %d: %.2f s, %.0f documents/s, speed-up %.2fx over -np 1, efficiency %.0f%%%s\n" "$np" "$t" \
            "$(calc "$docs / $t")" "$(calc "$base / $t")" "$(calc "100 * $base / $t / $np")" \
            "$([ "$np" -gt "$(nproc)" ] && echo " (more ranks than cores)")"
        rm -f "$tmp/np$np.db"*
    done
else
    echo "mpirun is not installed (apt-get install openmpi-bin): MPI scaling not measured"
fi
if [ -s "$tmp/err" ]; then echo "messages on standard error: $(sort -u "$tmp/err" | wc -l) distinct, e.g.: $(head -n 1 "$tmp/err")"; fi
