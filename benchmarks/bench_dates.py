"""Our time-expression normaliser, jionlp and dateparser side by side over the table of
real expressions (tests/data/time_expressions.yaml): accuracy and calls per second.

    pip install -e '.[bench]'   # jionlp; dateparser is a dependency already
    python benchmarks/bench_dates.py
"""
import datetime as dt
import sys
import time
import warnings
from pathlib import Path

import yaml

TABLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "time_expressions.yaml"


def expected(case):
    if "due" in case:
        return ("due", case["due"])
    return ("span", case["start"], case["end"])


def ours():
    from pipeline.extract.dates import parse_time

    def run(text, base):
        t = parse_time(text, base)
        if t is None:
            return None
        return ("due", t.end) if t.kind == "deadline" else ("span", t.start, t.end)
    return run


def jionlp_runner():
    import jionlp as jio

    def run(text, base):
        ts = time.mktime(dt.datetime.combine(base, dt.time(12)).timetuple())
        try:
            r = jio.parse_time(text, time_base=ts)
        except Exception:
            return None
        if not r or not r.get("time"):
            return None
        try:
            a = dt.date.fromisoformat(str(r["time"][0])[:10])
        except ValueError:  # open start ("-inf") of a deadline
            a = None
        try:
            b = dt.date.fromisoformat(str(r["time"][1])[:10])
        except ValueError:
            return None
        if any(c in text for c in ("前", "截至", "不迟于", "截止")):
            return ("due", b)
        return ("span", a, b)
    return run


def dateparser_runner():
    import dateparser

    def run(text, base):
        d = dateparser.parse(text, languages=["zh"], settings={"RELATIVE_BASE": dt.datetime.combine(base, dt.time(12))})
        if d is None:
            return None
        if any(c in text for c in ("前", "截至", "不迟于", "截止")):
            return ("due", d.date())
        return ("span", d.date(), d.date())
    return run


def bench(name, make, cases, base):
    try:
        run = make()
    except ImportError as exc:
        print(f"{name:12} not installed ({exc.name}); pip install -e '.[bench]'")
        return
    run("2022年11月17日", base)  # warm up: dictionaries and compiled patterns load on first use
    ok = 0
    misses = []
    t = time.perf_counter()
    for c in cases:
        got = run(c["text"], c.get("base", base))
        if got == expected(c):
            ok += 1
        else:
            misses.append(c["text"])
    elapsed = time.perf_counter() - t
    print(f"{name:12} {ok:3d}/{len(cases)} right ({ok / len(cases):.0%})   {len(cases) / elapsed:8,.0f} calls/s")
    return misses


def main() -> int:
    warnings.filterwarnings("ignore")
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    cases, base = data["cases"], data["base"]
    print(f"{len(cases)} expressions from {TABLE.name}")
    m = bench("notices", ours, cases, base)
    bench("jionlp", jionlp_runner, cases, base)
    bench("dateparser", dateparser_runner, cases, base)
    if m:
        print("ours missed:", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
