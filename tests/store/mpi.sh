#!/usr/bin/env bash
# MPI: 'mpirun -np 2' and '-np 4' of rapporti ingest --mpi on the sample corpus (and a
# WARC, whose records are split between ranks) give exactly the events of a single
# process; a second run adds nothing. tests/store/mpi.sh PATH/TO/rapporti
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; failed=0
ok() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); sed 's/^/#   /' "$tmp/err" 2>/dev/null | head -5; fi; }
if ! command -v mpirun >/dev/null; then echo "ok 1 # SKIP mpirun is not installed (apt-get install openmpi-bin)"; echo "0 passed, 0 failed, 1 skipped"; exit 0; fi
inputs="samples/corpus/2024-01.jsonl samples/corpus/2024-02.jsonl samples/corpus/2024-03.jsonl tests/ingest/sample.warc.gz tests/ingest/feed.rss"
snap() { "$bin" export --db "$1" --format csv | cut -d, -f3- | sort > "$2"; }
"$bin" ingest --quiet --db "$tmp/one.db" $inputs 2> "$tmp/err"
snap "$tmp/one.db" "$tmp/one.csv"
ok "single process: events stored" '[ "$(wc -l < "$tmp/one.csv")" -gt 100 ]'
mpi="mpirun --oversubscribe --allow-run-as-root"
for np in 2 4; do
    $mpi -np $np "$bin" ingest --mpi --db "$tmp/np$np.db" $inputs > /dev/null 2> "$tmp/err"
    snap "$tmp/np$np.db" "$tmp/np$np.csv"
    ok "mpirun -np $np: the same events as one process" 'cmp -s "$tmp/one.csv" "$tmp/np$np.csv"'
    ok "mpirun -np $np: no shard left behind" '! ls "$tmp"/np$np.db.rank-* >/dev/null 2>&1'
done
$mpi -np 2 "$bin" ingest --mpi --db "$tmp/np2.db" $inputs > /dev/null 2> "$tmp/err"
snap "$tmp/np2.db" "$tmp/again.csv"
ok "a second MPI run adds nothing" 'cmp -s "$tmp/one.csv" "$tmp/again.csv"'
# ranks opening a new SQLite store at once (it once made one rank fail with "database is
# locked" and the others wait for it forever): ten fresh stores, -np 4, no hang, no error
bad=0
for i in $(seq 10); do
    timeout 60 $mpi -np 4 "$bin" ingest --mpi --db "$tmp/fresh$i.db" samples/corpus/2024-01.jsonl > /dev/null 2> "$tmp/err" || bad=$((bad + 1))
done
ok "ten fresh stores with -np 4: every run ends, without error" '[ $bad = 0 ]'
# one rank cannot open its shard: every rank ends, with the failure status and a message
mkdir "$tmp/broken.db.rank-1"
timeout 60 $mpi -np 2 "$bin" ingest --mpi --db "$tmp/broken.db" samples/corpus/2024-01.jsonl > /dev/null 2> "$tmp/err"
st=$?
ok "one rank fails: the run ends with status 4 (not a hang), naming the shard" '[ $st = 4 ] && grep -q "broken.db.rank-1: cannot open" "$tmp/err"'
echo "$((n - failed)) passed, $failed failed"
[ $failed = 0 ]
