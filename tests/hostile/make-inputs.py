#!/usr/bin/env python3
"""Write the hostile inputs of tests/hostile/cases into a folder (argument 1). Large ones
are made here, not kept in the repository."""
import gzip, json, os, random, sys
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
def w(name, data, mode="wb"):
    with open(os.path.join(d, name), mode) as f:
        f.write(data)
random.seed(1)
ok = "Russia attacked China.\n".encode()
w("ff.txt", b"Titolo\nLa Russia ha attaccato \xff la Cina.\n")
w("overlong.txt", b"Titolo\nLa Russia \xc0\xaf ha attaccato la Cina.\n")
w("surrogate.txt", b"Titolo\nLa Russia \xed\xa0\x80 ha attaccato la Cina.\n")
w("truncated-seq.txt", b"Titolo\nLa Russia ha attaccato la Cina \xe2\x82")
w("nul.txt", b"Titolo\nLa Russia\x00 ha attaccato la Cina.\n")
w("five-byte.txt", b"Russia \xf8\x88\x80\x80\x80 attacked China.\n")
w("empty.txt", b"")
w("spaces.txt", b"   \n\n\t  \n")
w("garbage.bin", bytes(random.getrandbits(8) for _ in range(1 << 20)))
w("long-word.txt", b"Titolo\n" + b"a" * (10 << 20) + b"\n")
w("long-sentence.txt", b"Titolo\n" + b"Russia " * 200000 + b"\n")
w("many-sentences.txt", b"Titolo\n" + ok * 100000)
w("huge.txt", b"x" * (70 << 20))
w("quotes.txt", ("Titolo\n" + "«" * 50000 + "Russia attacked China." + "»" * 50000 + "\n").encode())
lines = [json.dumps({"text": "Russia attacked China.", "lang": "en", "date": "2024-01-01"})]
w("bad-line.jsonl", (lines[0] + "\n{\"text\": \n" + lines[0] + "\n").encode())
w("array.jsonl", b"[1,2,3]\n")
w("no-text.jsonl", b"{\"id\":\"x\"}\n")
w("text-number.jsonl", b"{\"text\":42}\n")
w("bad-date.jsonl", b"{\"text\":\"Russia attacked China.\",\"date\":\"yesterday\",\"lang\":\"en\"}\n")
w("deep.jsonl", b"[" * 100000 + b"\n")
w("surrogate-escape.jsonl", b"{\"text\":\"Russia \\ud800 attacked China.\",\"lang\":\"en\"}\n")
w("crlf.jsonl", (lines[0] + "\r\n" + lines[0] + "\r\n").encode())
w("deep.html", b"<html><body>" + b"<div>" * 100000 + b"<p>deep</p>" + b"</div>" * 100000 + b"</body></html>")
w("unclosed.html", b"<html><body>" + b"<p><b><i><span>" * 300000)
w("charset.html", b"<html><head><meta charset=\"klingon\"></head><body><p>Russia attacked China, officials said, in a long sentence.</p></body></html>")
w("script-only.html", b"<html><body><script>var a = 1;</script></body></html>")
w("entities.html", b"<html><body><p>" + b"&#99999999;&#0;&#xD800;" * 10000 + b"</p></body></html>")
def rec(typ, uri, block, ctype, length=None):
    h = (f"WARC/1.0\r\nWARC-Type: {typ}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-15T10:00:00Z\r\n"
         f"Content-Type: {ctype}\r\nContent-Length: {len(block) if length is None else length}\r\n\r\n").encode()
    return h + block + b"\r\n\r\n"
page = b"<html><body><p>Russia attacked China on Monday, the ministry said in a statement.</p></body></html>"
http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
good = rec("response", "https://x.example/1", http, "application/http; msgtype=response")
good2 = rec("response", "https://x.example/2", http, "application/http; msgtype=response")
data = gzip.compress(good) + gzip.compress(good2)
w("truncated.warc.gz", data[:-40])
w("concatenated.warc.gz", data + gzip.compress(good))
w("trailing-garbage.warc.gz", data + b"\x00garbage-after-the-members" * 10)
w("short.warc", rec("response", "https://x.example/1", http, "application/http; msgtype=response", len(http) - 30) + good2)
w("long.warc", good + rec("response", "https://x.example/2", http, "application/http; msgtype=response", len(http) + 999999))
w("negative.warc", rec("response", "https://x.example/1", http, "application/http", "-5") + good2)
w("nonnumeric.warc", rec("response", "https://x.example/1", http, "application/http", "lots") + good2)
w("hugelen.warc", rec("response", "https://x.example/1", http, "application/http", "99999999999") + good2)
w("long-header.warc", b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: " + b"j" * (2 << 20) + b"\r\nContent-Length: 0\r\n\r\n\r\n\r\n" + good2)
w("header-only.warc", b"WARC/1.0\r\n")
w("bomb.txt.gz", gzip.compress(b"\0" * (300 << 20), compresslevel=9))
w("not-xml.rss", b"<rss><channel><item><title>x</title></rss")
w("laughs.rss", ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">" +
   "".join(f"<!ENTITY {chr(98+i)} \"{('&' + chr(97+i) + ';') * 10}\">" for i in range(9)) +
   "]><rss><channel><item><title>&j;</title><description>&j;</description><link>https://x/1</link></item></channel></rss>").encode())
w("xxe.rss", b"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss><channel><item><title>t</title><description>&x; Russia attacked China.</description><link>https://x/1</link></item></channel></rss>")
w("empty-feed.rss", b"<?xml version=\"1.0\"?><rss><channel><title>nothing</title></channel></rss>")
# dictionaries: a good base copied by the cases, one file broken each
os.makedirs(os.path.join(d, "loop"), exist_ok=True)
if not os.path.exists(os.path.join(d, "loop", "self")):
    os.symlink("..", os.path.join(d, "loop", "self"))
w("loop/a.txt", b"Titolo\nLa Russia ha attaccato la Cina.\n")
os.makedirs(os.path.join(d, "fifo-folder"), exist_ok=True)
if not os.path.exists(os.path.join(d, "fifo-folder", "pipe")):
    os.mkfifo(os.path.join(d, "fifo-folder", "pipe"))
w("fifo-folder/a.txt", b"Titolo\nLa Russia ha attaccato la Cina.\n")
# one sentence of 400,000 tokens whose every word opens TABARI's gapped name "COUNT
# VALMORA_" (tests/validate/mini), never closed: a name's gap must not scan to the end
w("gap-names.txt", ("Norland said " + "Count " * 400000 + "accused Sudria.\n").encode())
# a TABARI pattern of ten alternative sets of ten two-word phrases: 10^10 patterns if expanded
w("explode.actors", b"NORLAND [NOR]\nSUDRIA [SUD]\n")
# and a synset of 100 phrases of spaced words, four times in one pattern: 10^8
w("explode.verbs", ("<SYNSETS>\n&BIG\n" + "".join(f"+S{i} T{i}\n" for i in range(100)) + "</SYNSETS>\n"
                    "ACCUS [112]\n- * " + " ".join("{ " + " | ".join(f"W{k}A{i} W{k}B{i}" for i in range(10)) + " }" for k in range(10)) + " [121]\n"
                    "ATTACK [190]\n- * &BIG &BIG &BIG &BIG [195]\n").encode())
w("explode.project", b"<actorsfile> explode.actors\n<verbsfile> explode.verbs\n")
w("explode.txt", b"Norland accused Sudria.\n")
# TABARI projects whose options file is missing, or garbage with absurd COMPLEX numbers
w("opt-missing.project", b"<actorsfile> explode.actors\n<verbsfile> explode.verbs\n<optionsfile> nothere.options\n")
w("opt-garbage.project", b"<actorsfile> explode.actors\n<verbsfile> explode.verbs\n<optionsfile> opt-garbage.options\n")
w("opt-garbage.options", bytes(range(256)) * 64 + b"\nCOMPLEX: VERBS[99999999999999999999999] CONJ[-4] NOACTPRIOR\n"
  + b"COMPLEX: " * 200000 + b"\nCOMPLEX: VERBS[\n")
w("opt.text", b"150101  OPT-1\nNorland accused Sudria of many things on Monday at the border.\n/*\\n{ NOR / SUD / 112 } */\n\n"
  b"990101  FINAL-01\nEnd.\n/*\\n{---} */\n")
# PETRARCH-2 transformations that name no verb, have the wrong shape, or go on for a
# megabyte: each is told and left out, the rest codes
w("petr-tr.actors.txt", b"NORLAND [NOR]\nSUDRIA [SUD]\n")
w("petr-tr.verbs.txt", b"--- EXPLAIN_VERBAL [010] ---\nSAY {SAID SAYS}\n--- ACCUSE [112] ---\nACCUSE {ACCUSED}\n"
  b"~ a (b . NOSUCHVERB) SAY = a b 112\n~ a (b . ACCUSE SAY = a b 112\n~ a ((((((((((((((((\n~\n"
  b"~ a (a b ACCUSE) SAY = a b 99999999999\n~ a (a b ACCUSE) SAY = a b " + b"1" * (1 << 20) + b"\n")
w("petr-tr.txt", b"Norland accused Sudria.\n")
# a bare "~" in a verbs file that used no scratch buffer before it (it crashed the reader)
w("petr-bare.verbs.txt", b"--- EXPLAIN_VERBAL [010] ---\nSAY {SAID}\n--- ACCUSE [112] ---\nACCUSE {ACCUSED}\n~\n")
# and a coding ontology with lines that are no "CODE:VALUE", values too long or empty
w("petr-tr.ontology.txt", b"010:0x1000#Say\nabc\n010:zz\n0100000000:0x1\n020:0x123456789\n030:-0x\n112:" + b"+0x1" * 100000 + b"\n")
big_verbs = "".join(f"190 attack{i} =word{i}\n" for i in range(100000))
w("big-verbs.txt", big_verbs.encode())
