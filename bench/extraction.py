#!/usr/bin/env python3
"""Article extraction benchmark: run `rapporti extract` on the pages of
../shared/reference/article-extraction-benchmark and score the bodies against the ground
truth the way that benchmark does: tokens are \\w+ runs, 4-token shingles (multisets),
per page TP/FP/FN normalised to sum 1, averaged over pages; precision and recall of the
averages, F1 of the two. Also prints mean per-page precision/recall/F1 and pages/s.

Usage: bench/extraction.py [--rapporti build/rapporti] [--data DIR] [--worst N]
"""
import argparse, collections, gzip, json, os, re, statistics, subprocess, sys, tempfile, time

def tokens(text):
    return re.findall(r"\w+", text or "")

def shingles(text, n=4):
    t = tokens(text)
    return collections.Counter(tuple(t[i:i + n]) for i in range(max(len(t) - n + 1, 0))) if len(t) >= n \
        else collections.Counter([tuple(t)] if t else [])

def match(true, pred):
    a, b = shingles(true), shingles(pred)
    tp = sum((a & b).values()); fp = sum((b - a).values()); fn = sum((a - b).values())
    s = tp + fp + fn
    if s == 0:
        return 1.0, 0.0, 0.0
    return tp / s, fp / s, fn / s

def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--rapporti", default=os.path.join(here, "..", "build", "rapporti"))
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "reference", "article-extraction-benchmark"))
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    ap.add_argument("--json", help="write per-page results here")
    a = ap.parse_args()
    gt_path = os.path.join(a.data, "ground-truth.json")
    if not os.path.exists(gt_path):
        print(f"extraction benchmark: {gt_path} is absent (../shared/reference not beside the repository); nothing measured")
        return 0
    truth = json.load(open(gt_path, encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        total_bytes = 0
        for key in truth:
            raw = gzip.open(os.path.join(a.data, "html", key + ".html.gz")).read()
            total_bytes += len(raw)
            open(os.path.join(tmp, key + ".html"), "wb").write(raw)
        t0 = time.perf_counter()
        out = subprocess.run([a.rapporti, "extract", "--kind", "html", tmp], capture_output=True, check=False)
        elapsed = time.perf_counter() - t0
    got = {}
    for line in out.stdout.decode("utf-8").splitlines():
        d = json.loads(line)
        got[os.path.basename(d["source"])[:-5]] = d.get("text") or ""
    rows = []
    for key, t in truth.items():
        tp, fp, fn = match(t["articleBody"], got.get(key, ""))
        rows.append((key, tp, fp, fn))
    tp = statistics.mean(r[1] for r in rows); fp = statistics.mean(r[2] for r in rows); fn = statistics.mean(r[3] for r in rows)
    p = tp / (tp + fp) if tp + fp else 0; r = tp / (tp + fn) if tp + fn else 0
    f1 = 2 * p * r / (p + r) if p + r else 0
    pp = [x[1] / (x[1] + x[2]) if x[1] + x[2] else 0 for x in rows]
    rr = [x[1] / (x[1] + x[3]) if x[1] + x[3] else 0 for x in rows]
    mp, mr = statistics.mean(pp), statistics.mean(rr)
    print(f"pages {len(rows)}, {total_bytes / 1e6:.1f} MB of HTML")
    print(f"benchmark method (normalised TP/FP/FN averaged): precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    print(f"mean of per-page precision {mp:.3f} and recall {mr:.3f}: F1 {2 * mp * mr / (mp + mr):.3f}")
    print(f"rapporti extract: {elapsed:.3f} s for all pages (one process, incl. start-up): "
          f"{len(rows) / elapsed:.0f} pages/s, {total_bytes / 1e6 / elapsed:.1f} MB/s")
    if a.worst:
        for key, tp_, fp_, fn_ in sorted(rows, key=lambda x: x[1])[:a.worst]:
            print(f"  {key[:16]} tp {tp_:.2f} fp {fp_:.2f} fn {fn_:.2f}  {truth[key]['url'][:80]}")
    if a.json:
        json.dump([{"page": k, "tp": x, "fp": y, "fn": z} for k, x, y, z in rows], open(a.json, "w"), indent=1)
    return 0

sys.exit(main())
