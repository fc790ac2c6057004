t=$(mktemp -d); python3 -c "
import json
L = [json.loads(l) for f in ['samples/corpus/2024-01.jsonl', 'samples/corpus/2024-02.jsonl'] for l in open(f)]
with open('$t/in.jsonl', 'w') as o:
    for i in range(1500):
        n = len(L); d = dict(L[i % n]); d['text'] += ' ' + L[(i // n) % n]['text']; d['id'] = str(i); d['url'] = 'https://t.example/%d' % (i - i % 7 if i % 7 == 3 else i)
        o.write(json.dumps(d) + '\n' if i % 500 != 250 else '{broken\n')
"; $RAPPORTI code --dedup --format tsv $t/in.jsonl > $t/1.out 2> $t/1.err; $RAPPORTI code --dedup -j 2 --format tsv $t/in.jsonl > $t/2.out 2> $t/2.err; st=$?; cmp $t/1.out $t/2.out && cmp $t/1.err $t/2.err && echo "same events and messages, in the same order, over three batches"; wc -l < $t/2.out; grep -c "duplicate (same" $t/2.err; grep -c "malformed JSON" $t/2.err; rm -rf $t; exit $st
