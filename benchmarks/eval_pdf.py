"""PDF renderings of dev notices scored against the same notices' texts with the project's eval.

    python benchmarks/eval_pdf.py [--train 12] [--validation 6] [--styles gbt,image,scan,web,kangxi] [--out DIR]

Renders each chosen notice in every style with scripts/render_pdf.py (red 版头 and rule, larger
title, seal over the date, page numbers; 版头/title as a picture; fully rasterised with rotation
and noise; printed web page; Kangxi-radical text layer), ingests each set, and prints the macro
score of each style beside the texts' score on the same notices.  Notices come mostly from the
rule-writing part of the dev corpus; validation notices are only rendered and scored.
OCR styles (image, scan) need the OCR extra: pip install 'notice-pipeline[ocr]'.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from pipeline.evaluate import evaluate, read_stem_list  # noqa: E402
from pipeline.store import ingest  # noqa: E402


def pick(dev: Path, n_train: int, n_val: int) -> tuple[list[Path], list[Path]]:
    val = read_stem_list(ROOT / "tests" / "data" / "validation_split.txt")
    texts = sorted(p for p in dev.glob("*.txt") if p.with_name(p.stem + ".gold.yaml").exists())
    train = [p for p in texts if p.stem not in val]
    valid = [p for p in texts if p.stem in val]
    # spread over the corpus rather than its first files
    step_t = max(1, len(train) // max(n_train, 1))
    step_v = max(1, len(valid) // max(n_val, 1))
    return train[::step_t][:n_train], valid[::step_v][:n_val]


def main() -> int:
    import render_pdf

    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--train", type=int, default=12)
    ap.add_argument("--validation", type=int, default=6)
    ap.add_argument("--styles", default=",".join(render_pdf.STYLES))
    ap.add_argument("--out", default=None)
    ap.add_argument("--detail", action="store_true", help="list the misses of each PDF style that the text has not")
    a = ap.parse_args()
    train, valid = pick(Path(a.dev), a.train, a.validation)
    chosen = train + valid
    subsets = {"train": {p.stem for p in train}, "validation": {p.stem for p in valid}}
    work = Path(a.out or tempfile.mkdtemp(prefix="eval_pdf_"))
    sets = {"txt": work / "txt"}
    sets["txt"].mkdir(parents=True, exist_ok=True)
    for p in chosen:
        shutil.copyfile(p, sets["txt"] / p.name)
        shutil.copyfile(p.with_name(p.stem + ".gold.yaml"), sets["txt"] / (p.stem + ".gold.yaml"))
    for style in a.styles.split(","):
        d = sets[style] = work / style
        d.mkdir(parents=True, exist_ok=True)
        for p in chosen:
            if not (d / f"{p.stem}.pdf").exists():
                render_pdf.render(p, d / f"{p.stem}.pdf", style)
            shutil.copyfile(p.with_name(p.stem + ".gold.yaml"), d / (p.stem + ".gold.yaml"))
    results = {}
    for name, d in sets.items():
        t = time.perf_counter()
        res = ingest([d], work / f"out_{name}", progress=False)
        secs = time.perf_counter() - t
        results[name] = ({k: evaluate(d, work / f"out_{name}", only=v) for k, v in subsets.items()}, secs, res)
    print(f"{len(train)} training + {len(valid)} validation notices; work dir {work}")
    print(f"{'set':8} {'train':>7} {'Δ txt':>7} {'valid':>7} {'Δ txt':>7} {'no rec':>6} {'dl prec':>7} {'secs':>6}")
    base = results["txt"][0]
    for name, (by, secs, _res) in results.items():
        tr, va = by["train"], by["validation"]
        missing = len(tr["missing_records"]) + len(va["missing_records"])
        prec = min(tr["deadline_precision"], va["deadline_precision"])
        print(f"{name:8} {tr['macro']:7.3f} {tr['macro'] - base['train']['macro']:+7.3f} {va['macro']:7.3f} "
              f"{va['macro'] - base['validation']['macro']:+7.3f} {missing:6d} {prec:7.3f} {secs:6.1f}")
        if a.detail and name != "txt":
            seen = {(m["file"], m["field"], str(m["value"])) for m in base["train"]["misses"]}
            for m in tr["misses"]:
                if (m["file"], m["field"], str(m["value"])) not in seen:
                    print(f"    {m['file']}: {m['field']} {m['kind']}: {m['value']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
