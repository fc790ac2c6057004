#!/usr/bin/env python3
"""Run the hostile-input cases (tests/hostile/cases): each command within 120 s, its exit
status and messages checked. TAP and "N passed, N failed". Usage: run.py PATH/TO/rapporti"""
import os, re, shutil, subprocess, sys, tempfile, time
here = os.path.dirname(os.path.abspath(__file__))
binary = os.path.abspath(sys.argv[1])
root = os.path.dirname(os.path.dirname(here))
cases, cur = [], None
for line in open(os.path.join(here, "cases"), encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("## "):
        cur = {"id": line[3:].strip()}
        cases.append(cur)
    elif cur is not None and ": " in line and not line.startswith("#"):
        k, v = line.split(": ", 1)
        cur[k] = v
inputs = tempfile.mkdtemp(prefix="rp-hostile-")
subprocess.run([sys.executable, os.path.join(here, "make-inputs.py"), inputs], check=True)
n = failed = 0
for c in cases:
    n += 1
    t = tempfile.mkdtemp(prefix="rp-case-")
    env = dict(os.environ, RAPPORTI=binary, IN=inputs, T=t, DICTS=os.path.join(root, "dicts"), HERE=here)
    t0 = time.time()
    try:
        p = subprocess.run(["bash", "-c", c["cmd"]], capture_output=True, env=env, timeout=120)
        out, err, st = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired:
        out, err, st = "", "TIMEOUT (a hang)", "timeout"
    problems = []
    if not re.fullmatch(c.get("status", "0"), str(st)):
        problems.append(f"status {st}, want {c.get('status')}")
    if st in (134, 139, -6, -11) or "Sanitizer" in err or "runtime error" in err:
        problems.append("crashed")
    if "stderr" in c and not re.search(c["stderr"], err, re.M):
        problems.append(f"stderr lacks /{c['stderr']}/")
    if "stdout" in c and not re.search(c["stdout"], out, re.M):
        problems.append(f"stdout lacks /{c['stdout']}/")
    if "not-stdout" in c and re.search(c["not-stdout"], out):
        problems.append(f"stdout has /{c['not-stdout']}/")
    took = time.time() - t0
    if problems:
        failed += 1
        print(f"not ok {n} - {c['id']} ({took:.1f} s): " + "; ".join(problems))
        for l in (err.strip().splitlines() or ["(no stderr)"])[:4]:
            print(f"#   {l[:200]}")
    else:
        print(f"ok {n} - {c['id']} ({took:.1f} s)")
    shutil.rmtree(t, ignore_errors=True)
shutil.rmtree(inputs, ignore_errors=True)
print(f"{n - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
