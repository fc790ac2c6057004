#!/usr/bin/env bash
# The peers' own validation suites (TABARI, PETRARCH unit tests, the UD-PETRARCH GSR
# gold set) run with the dictionaries they name, checked against the level in
# tests/validate/ratchet.tsv: records passed and events found must not drop, extra
# events must not rise. TAP output. Skips, saying so, when ../shared/reference is absent.
# usage: tests/validate/run.sh RAPPORTI
set -u
cd "$(dirname "$0")/../.." || exit 2
bin=$1
ref=${RAPPORTI_REFERENCE:-../shared/reference}
# our own small project in TABARI's format: every record must pass, without ../shared
n=1
line=$("$bin" validate -q --format json --dict tabari:tests/validate/mini/mini.project tests/validate/mini/mini.text 2>&1 | tail -1)
if echo "$line" | grep -q '"records":60,"passed":60,"expected":64,"found":64,"missing":0,"extra":0'; then
    echo "ok 1 - mini TABARI project: 60/60 records (MINIMUM WORDS, FORWARD and OPTION records, verb forms, ^, gapped names, subordinate codes, capitals, a discard actor by date, <TIME> discards, a noun ending, no list past a comma and that, alternatives of several words, former, agents after long codes, synset phrases of spaced words, joined alternatives, DEFAULT with and without PRIOR and AFTER, hyphenated names, no list across a comma and a verb, the EN ending, a word with endings as specific as a stem, adjectives after a comma and an article, a source in a prepositional phrase, the compound slot %, verbs of spaced words, closed pattern words, a null verb first, $ next to the verb, a discard verb turned noun by an article, the COMPLEX filter from the options file and OPTION records, a pattern word that ends an actor, a dominant code, a bare verb under CODE ALL, or before a verb opens a clause, and before an adjective does not, adjectives within a compound, phrases of the noun list, a target before the verb, a place as target, a verb joined by a hyphen is an adjective)"
else
    echo "not ok 1 - mini TABARI project: $line"
fi
# and in PETRARCH's formats: <Environment>, <Include>, <Config require_dyad>, <Stop>
n=2
line=$("$bin" validate -q --format json tests/validate/mini-petrarch/text/Mini.records.xml 2>&1 | tail -1)
if echo "$line" | grep -q '"records":56,"passed":56,"expected":63,"found":63,"missing":0,"extra":0'; then
    echo "ok 2 - mini PETRARCH set: 56/56 records (comma clauses, comma_* Configs, no list across a comma and a verb, an actor a comma opens before a verb is its subject, a verb joined by a hyphen is an adjective, a one-word name in lower case is a common noun, a verb after an article and one or two words is none (not past a pronoun and an auxiliary), nor after a possessive, an agent added to a code of any length, two agents of one actor, an agent after "and" sharing the actor before, % after the verb a target, the last definition of a phrase, an agent as a pattern word, a compass adjective between agent and country, verbs as their exact forms, an agent without an actor as '---MIL' (a target only where no actor is, a subject as an actor would be, not a modifier, not on both sides), plain words between an actor and its agent, 'by' right after the verb a passive, of two patterns of a verb the nearer, a verb joined by 'and' to one a transformation took is said too, a verb is no adjective of a compound, no verb after 'very' nor after a compound joined by hyphens, the subject among a pattern's words before its verb, verb-verb transformations, a verb of its own clause is no pattern word, code composition and negation by the coding ontology, ';' comments, names of words apart)"
else
    echo "not ok 2 - mini PETRARCH set: $line"
fi
if [ ! -d "$ref/TABARI-Code" ]; then
    echo "ok 3 # SKIP $ref is absent: the peers' validation suites cannot run"
    echo "1..3"
    exit 0
fi
while IFS=$'\t' read -r suite file min_pass min_found max_extra; do
    case "$suite" in ''|'#'*) continue ;; esac
    args=()
    [ "$suite" = gsr ] && args=(--dict-dir "$ref/petrarch2/petrarch2/data/dictionaries")
    line=$("$bin" validate -q --format json "${args[@]}" "$ref/$file" 2>/dev/null | tail -1)
    read -r passed found extra records < <(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(j["passed"], j["found"], j["extra"], j["records"])' "$line" 2>/dev/null) || passed=""
    n=$((n + 1))
    if [ -z "$passed" ]; then echo "not ok $n - $suite: no summary (got: $line)"; continue; fi
    desc="$suite: $passed/$records records passed (ratchet $min_pass), $found events found (>= $min_found), $extra extra (<= $max_extra)"
    if [ "$passed" -ge "$min_pass" ] && [ "$found" -ge "$min_found" ] && [ "$extra" -le "$max_extra" ]; then
        echo "ok $n - $desc"
    else
        echo "not ok $n - $desc"
    fi
done < tests/validate/ratchet.tsv
# --dict petrarch:DIR reads the coding ontology when the folder has it ("wants to help":
# 030 + 070 = 033), and does without it when it has not (030 and 070)
n=$((n + 1))
pd=$(mktemp -d)
cp "$ref"/petrarch2/petrarch2/data/dictionaries/Phoenix.* "$ref"/petrarch2/petrarch2/data/dictionaries/CAMEO.2.0.txt "$pd"/
echo "Obama wants to help Israel." > "$pd/t.txt"
without=$("$bin" code --dict "petrarch:$pd" --lang en --format tsv "$pd/t.txt" 2>/dev/null | cut -f8 | tail -n +2 | tr '\n' ' ')
cp "$ref"/UniversalPetrarch/UniversalPetrarch/data/dictionaries/PETR.Internal.Coding.Ontology.txt "$pd"/
with=$("$bin" code --dict "petrarch:$pd" --lang en --format tsv "$pd/t.txt" 2>/dev/null | cut -f8 | tail -n +2 | tr '\n' ' ')
rm -rf "$pd"
if [ "$without" = "030 070 " ] && [ "$with" = "033 " ]; then
    echo "ok $n - petrarch:DIR reads the coding ontology when the folder has it"
else
    echo "not ok $n - petrarch:DIR and the coding ontology: without '$without', with '$with'"
fi
echo "1..$n"
