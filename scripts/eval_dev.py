"""Ingest the shared dev corpus and score it: all notices, the rule-writing part, the validation third,
and the 8 original notices.

    python scripts/eval_dev.py [--dev ../shared/corpus/dev] [--out /tmp/dev_eval] [--detail train|validation|all]

The validation third (tests/data/validation_split.txt) is only ever scored, never read for rule work.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from pipeline.evaluate import evaluate, format_table, read_stem_list
from pipeline.store import ingest

ROOT = Path(__file__).resolve().parent.parent
ORIGINAL = {"000_4e4d97b52702877a", "001_83fdce0db893d34f", "002_fc2eac345f00a229", "003_cbb5827721edf22d",
            "004_2a45d8b675625f29", "101_moe_2022_lifelong_week", "122_jiangsu_guangongwei_2013_anli_zhengji",
            "138_jinan_2015_xuequzhi_zhuanfa"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--detail", choices=["train", "validation", "all"], default=None)
    ap.add_argument("--table", action="store_true", help="print the per-field table for every subset")
    a = ap.parse_args()
    out = Path(a.out or tempfile.mkdtemp(prefix="dev_eval_"))
    if a.out is None or not (out / "notices").exists():
        shutil.rmtree(out, ignore_errors=True)
    res = ingest([a.dev], out, progress=False)
    for f in res.failed:
        print("failed:", f)
    val = read_stem_list(ROOT / "tests" / "data" / "validation_split.txt")
    subsets = {"all": (None, None), "train": (None, val), "validation": (val, None), "original 8": (ORIGINAL, None)}
    for name, (only, exclude) in subsets.items():
        r = evaluate(a.dev, out, only=only, exclude=exclude)
        if a.table or name == a.detail:
            print(f"--- {name}")
            print(format_table(r))
        if name == a.detail:
            for m in r["misses"]:
                print(f"  {m['file']}: {m['field']} {m['kind']}: {m['value']}")
        print(f"{name:12} macro {r['macro']:.3f}  deadline precision {r['deadline_precision']:.3f}  "
              f"files {r['files']}  no record {len(r['missing_records'])}")


if __name__ == "__main__":
    main()
