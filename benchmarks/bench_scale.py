"""Scale: N synthetic notices through every stage, then 10 N; time, CPU and peak memory per stage.

    python benchmarks/bench_scale.py N [--factor 10] [--stages ingest1,rerun,...] [--keep DIR]

The notices are the shipped corpus (corpus/*.txt) copied and perturbed, so every copy is a new
file and most are new notices: copy k of a text has its years moved on by 4 x (k mod 18) (dates,
document numbers, titles; leap days stay valid), the serial numbers of its document numbers raised
by 1000 x (k div 18), and a line of its own at the end.  A copy's citations are moved the same way,
so the copies of one round cite each other as the originals do.

Each stage runs as the command a user types (`notices ...`), in a process of its own, started cold;
its time is wall-clock, its CPU and peak RSS those of the process and its workers (wait4).  The
machine's load average is printed with the figures: other work on the same cores slows -j 2 most.

Stages: ingest1 (ingest -j 1), rerun (the same, nothing changed), changed (1 % of the files changed),
ingest2 (ingest -j 2 into a fresh folder), graph, calendar, compare (compare --all), report, search,
one (a cold ingest of one new text into a fresh folder).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTICES = [sys.executable, "-m", "pipeline.cli"]
STAGES = ["ingest1", "rerun", "changed", "ingest2", "graph", "calendar", "compare", "report", "search", "one"]
YEAR = re.compile(r"(?<![0-9０-９])((?:19|20)\d{2})(?![0-9０-９])")
SERIAL = re.compile(r"([〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*第?)(\d{1,5})(\s*号)")


def perturb(text: str, k: int) -> str:
    """Copy k of a notice: years moved on, document serial numbers raised, a line of its own."""
    if k == 0:
        return text
    shift, serial = 4 * (k % 18), 1000 * (k // 18)
    if shift:
        text = YEAR.sub(lambda m: str(int(m.group(1)) + shift) if int(m.group(1)) + shift <= 2099 else m.group(1), text)
    if serial:
        text = SERIAL.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + serial}{m.group(3)}", text)
    return text.rstrip("\n") + f"\n（第{k}份）\n"


def synthesise(src: Path, n: int) -> None:
    texts = [f.read_text(encoding="utf-8") for f in sorted((ROOT / "corpus").glob("*.txt"))]
    src.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (src / f"{i:06d}.txt").write_text(perturb(texts[i % len(texts)], i // len(texts)), encoding="utf-8")


def run(args: list[str], env=None, ok=(0,)) -> dict:
    """One command in a process of its own: wall time, CPU (user + system, workers included), peak RSS."""
    t = time.perf_counter()
    proc = subprocess.Popen(NOTICES + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"{' '.join(args)} exited {code}:\n{err[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def bench(n: int, work: Path, stages: list[str]) -> dict:
    src, out1, out2 = work / f"in{n}", work / f"out{n}_j1", work / f"out{n}_j2"
    synthesise(src, n)
    env = {**os.environ, "NOTICES_LANG": "en"}
    res = {}
    for stage in stages:
        if stage == "ingest1":
            res[stage] = run(["ingest", str(src), "--out", str(out1), "-j", "1"], env)
        elif stage == "rerun":
            res[stage] = run(["ingest", str(src), "--out", str(out1), "-j", "1"], env)
        elif stage == "changed":
            files = sorted(src.iterdir())
            for f in files[:: 100]:
                f.write_text(f.read_text(encoding="utf-8") + "（改）\n", encoding="utf-8")
            res[stage] = run(["ingest", str(src), "--out", str(out1), "-j", "1"], env)
        elif stage == "ingest2":
            res[stage] = run(["ingest", str(src), "--out", str(out2), "-j", "2"], env)
        elif stage in ("graph", "calendar", "report"):
            res[stage] = run([stage, "--out", str(out1)], env)
        elif stage == "compare":
            res[stage] = run(["compare", "--all", "--out", str(out1)], env)
        elif stage == "search":
            res[stage] = run(["search", "终身学习", "--out", str(out1)], env, ok=(0, 1))
        elif stage == "one":
            one = work / "one"
            one.mkdir(exist_ok=True)
            text = perturb((ROOT / "corpus" / "002_fc2eac345f00a229.txt").read_text(encoding="utf-8"), 7919 + n)
            (one / f"one{n}.txt").write_text(text, encoding="utf-8")
            res[stage] = run(["ingest", str(one / f"one{n}.txt"), "--out", str(work / f"one_out{n}")], env)
        print(f"  {n:>7,} {stage:9} {res[stage]['wall']:8.1f} s wall {res[stage]['cpu']:8.1f} s CPU "
              f"{res[stage]['rss_mb']:7.0f} MB   load {os.getloadavg()[0]:.1f}", flush=True)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="notices in the first round")
    ap.add_argument("--factor", type=int, default=10, help="the second round has N x FACTOR notices (0: none)")
    ap.add_argument("--stages", default=",".join(STAGES), help="comma-separated, of: " + ", ".join(STAGES))
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    a = ap.parse_args()
    stages = [s for s in a.stages.split(",") if s]
    bad = [s for s in stages if s not in STAGES]
    if bad:
        ap.error(f"unknown stage(s): {', '.join(bad)}")
    work = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="bench_scale_"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    try:
        sizes = [a.n] + ([a.n * a.factor] if a.factor else [])
        results = {n: bench(n, work, stages) for n in sizes}
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n{'stage':9} " + " ".join(f"{n:>10,} N" for n in sizes) + ("   growth (time, memory)" if len(sizes) > 1 else ""))
    for stage in stages:
        cells = " ".join(f"{results[n][stage]['wall']:9.1f} s" for n in sizes)
        cells += "".join(f" {results[n][stage]['rss_mb']:5.0f} MB" for n in sizes)
        if len(sizes) > 1:
            a0, b0 = results[sizes[0]][stage], results[sizes[1]][stage]
            cells += f"   x{b0['wall'] / max(a0['wall'], 1e-9):.1f}, x{b0['rss_mb'] / max(a0['rss_mb'], 1e-9):.2f}"
        print(f"{stage:9} {cells}")
    for n in sizes:
        r = results[n]
        if "ingest1" in r and "rerun" in r:
            print(f"{n:,}: unchanged re-run {100 * r['rerun']['wall'] / r['ingest1']['wall']:.1f} % of the first run")
        if "ingest1" in r and "ingest2" in r:
            print(f"{n:,}: -j 2 is {r['ingest1']['wall'] / r['ingest2']['wall']:.2f}x -j 1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
