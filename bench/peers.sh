#!/usr/bin/env bash
# Speed with the peers' own dictionaries (issue 4): the GigaWord sample of PETRARCH-2
# (76 real news sentences) repeated to 152,000 sentences, coded with
#   - TABARI's real dictionaries (TABARI-Dictionaries: CountryInfo, Internatnl, Levant,
#     CAMEO.RCS/ECS actors, PSU agents, CAMEO.091003.master verbs), and
#   - PETRARCH-2's Phoenix dictionaries (CAMEO.2.0 verbs, Phoenix actors and agents).
# Prints sentences per second of coding (text analysis + coder, one core) and the wall
# time of the whole command (dictionary loading included). Needs ../shared/reference;
# says so and stops when it is absent. Nothing is copied into the repository: the
# records file and the TABARI project file are written under a temporary folder.
# usage: bench/peers.sh [BUILD_DIR]   (default build; RECORDS=N repeats the sample to N
# records instead of 152,000, KEEP_TMP=1 keeps the folder, for profilers)
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build}/rapporti
ref=${RAPPORTI_REFERENCE:-../shared/reference}
[ -d "$ref/TABARI-Dictionaries" ] || { echo "bench/peers.sh: $ref is absent: nothing to measure"; exit 0; }
[ -x "$bin" ] || make -s
tmp=$(mktemp -d)
[ -n "${KEEP_TMP:-}" ] && echo "keeping $tmp" || trap 'rm -rf "$tmp"' EXIT
src="$ref/petrarch2/petrarch2/data/text/GigaWord.sample.PETR.xml"
python3 - "$src" "$tmp/giga.xml" "${RECORDS:-152000}" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
recs = re.findall(r'<Sentence [^>]*date\s*=\s*"(\d+)"[^>]*>.*?<Text>(.*?)</Text>', text, re.S)
want = int(sys.argv[3])
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n<Validation>\n<Sentences>\n')
    # whole sentences: rapporti validate's PETRARCH comma rule off (it would code less text)
    f.write('<Config option="comma_max" value="0"></Config>\n<Config option="comma_emax" value="0"></Config>\n')
    i = 0
    while i < want:
        d, t = recs[i % len(recs)]
        f.write('<Sentence date="%s" id="G%d" category="GIGA">\n<Text>\n%s\n</Text>\n</Sentence>\n' % (d, i, " ".join(t.split())))
        i += 1
    f.write('</Sentences>\n</Validation>\n')
print("records:", len(recs), "repeated to", want)
PY
unzip -q -o "$ref/TABARI-Dictionaries/CountryInfo.120116.actors.zip" -d "$tmp/ci"
ci=$(find "$tmp/ci" -name '*.actors' | head -1)
# the file has a NUL byte (offset 569313), which our loader refuses: dropped in the copy
tr -d '\000' < "$ci" > "$ci.clean" && mv "$ci.clean" "$ci"
# the verbs file has a few Latin-1 bytes: a UTF-8 copy
iconv -f latin1 -t utf-8 "$ref/TABARI-Code/CAMEO.091003.master.verbs" > "$tmp/CAMEO.091003.master.verbs"
{
    echo "TABARI project for bench/peers.sh"
    echo "<actorsfile> $ci"
    for a in Internatnl.120521.actors Levant.080629.actors CAMEO.RCS.120521.actors CAMEO.ECS.120522.actors; do
        echo "<actorsfile> $(cd "$ref/TABARI-Dictionaries" && pwd)/$a"
    done
    echo "<agentsfile> $(cd "$ref/TABARI-Dictionaries" && pwd)/PSU.120522.agents"
    echo "<verbsfile> $tmp/CAMEO.091003.master.verbs"
} > "$tmp/bench.project"
# the project names absolute paths: make them relative to its own folder for the reader
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); commit $(git rev-parse --short HEAD)"
for spec in "tabari:$tmp/bench.project" "petrarch:$ref/petrarch2/petrarch2/data/dictionaries"; do
    name=${spec%%:*}
    start=$(date +%s.%N)
    line=$("$bin" validate -q --format json --dict "$spec" "$tmp/giga.xml" 2>"$tmp/err" | tail -1)
    end=$(date +%s.%N)
    [ -n "$line" ] || { echo "$name: rapporti validate failed:"; head -5 "$tmp/err"; continue; }
    python3 - "$name" "$line" "$start" "$end" <<'PY'
import json, sys
name, line, a, b = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
j = json.loads(line)
print("%-9s %d sentences, coding %.2f s = %.0f sentences/s per core; whole command %.2f s (dictionaries loaded, file read)"
      % (name, j["sentences"], j["seconds"], j["sentences"] / j["seconds"], b - a))
PY
    grep -v "left out" "$tmp/err" | head -3 || true
done
