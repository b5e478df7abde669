"""OCR speed and character accuracy on rasterised renderings of dev notices, and the fields read
from the real scanned pages B01-B03 (corpus/external).

    python benchmarks/bench_ocr.py [--train 8] [--validation 4] [--out DIR] [--variants]

Each chosen notice is rendered twice with scripts/render_pdf.py: `scan` (every page rasterised at
150-200 dpi, rotated under a degree, noise, a red seal printed over the date) and `gbt` with the
same font embedded, whose text layer is what the raster shows.  Character accuracy is
1 - edit distance / length between the two loaded texts (NFKC, whitespace removed), so what it
counts is OCR's misreadings plus anything the layout reading does differently on the raster.
Validation notices are only scored, in aggregate.  CPU seconds count every thread of the process.
`--variants` also times other engine settings (detection size, threads) on the same pages.
Needs the OCR extra: pip install 'notice-pipeline[ocr]'.
"""
from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

EXTERNAL = ROOT.parent / "shared" / "corpus" / "external"
# what the real pages print (read off the page images): doc number, 成文日期, deadlines
REAL_PAGES = {
    "B01_moe_2020_jiaokeji2_sci_evaluation": {"doc_number": "教科技〔2020〕2号", "issue_date": "2020-02-18",
                                              "deadlines": {"2020-07-31"}},
    "B02_moe_2020_jiaosheke3_weilunwen": {"doc_number": "教社科〔2020〕3号", "issue_date": "2020-12-07",
                                          "deadlines": {"2021-05-31"}},
    "B03_moe_2020_jiaokeji1_patent_quality": {"doc_number": "教科技〔2020〕1号", "issue_date": "2020-02-03",
                                              "deadlines": set()},
}


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def accuracy(ocr_text: str, ref_text: str) -> tuple[int, int]:
    from rapidfuzz.distance import Levenshtein

    a, b = norm(ocr_text), norm(ref_text)
    return Levenshtein.distance(a, b), len(b)


def render_pairs(notices: list[Path], out: Path) -> list[tuple[Path, Path, Path]]:
    import render_pdf

    pairs = []
    for src in notices:
        scan, ref = out / "scan" / f"{src.stem}.pdf", out / "ref" / f"{src.stem}.pdf"
        for path, style, embed in ((scan, "scan", False), (ref, "gbt", True)):
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                render_pdf.render(src, path, style, embed=embed)
        pairs.append((src, scan, ref))
    return pairs


def run(pairs, val: set[str], label: str) -> None:
    from pipeline.load.pdf import load, read_layout

    pages = 0
    cpu = wall = 0.0
    totals = {"train": [0, 0], "validation": [0, 0]}
    rows = []
    for src, scan, ref in pairs:
        c, w = time.process_time(), time.perf_counter()
        n = len(read_layout(scan, ocr=True)[0])
        cpu += time.process_time() - c
        wall += time.perf_counter() - w
        pages += n
        dist, length = accuracy(load(scan, ocr=True).text, load(ref, ocr=False).text)
        part = "validation" if src.stem in val else "train"
        totals[part][0] += dist
        totals[part][1] += length
        if part == "train":
            rows.append(f"    {src.stem[:44]:44} {n} p  {1 - dist / max(length, 1):.4f}  ({dist} edits / {length})")
    print(f"{label}: {pages} pages, {cpu / pages:.2f} CPU-s/page, {wall / pages:.2f} s/page wall "
          f"(load average {os.getloadavg()[0]:.1f})")
    for part, (d, n) in totals.items():
        if n:
            print(f"  character accuracy, {part}: {1 - d / n:.4f} ({d} edits / {n} characters)")
    print("\n".join(rows))


def real_pages() -> None:
    from pipeline.record import build_record

    print("real scanned pages (corpus/external):")
    for stem, want in REAL_PAGES.items():
        path = EXTERNAL / f"{stem}.pdf"
        if not path.exists():
            continue
        rec = build_record(path)
        got = {"doc_number": rec["doc_number"], "issue_date": str(rec["issue_date"]) if rec["issue_date"] else None,
               "deadlines": {d["date"] for d in rec["deadlines"]}}
        marks = ", ".join(f"{k} {'ok' if got[k] == v else f'{got[k]!r} (page: {v!r})'}" for k, v in want.items())
        print(f"  {stem[:40]:40} {marks}")


def variants() -> list[tuple[str, dict]]:
    return [
        ("detection at full size, 2 threads", {"Det.limit_type": "min", "Det.limit_side_len": 736}),
        ("detection at full size, 1 thread", {"Det.limit_type": "min", "Det.limit_side_len": 736,
                                              "EngineConfig.onnxruntime.intra_op_num_threads": 1}),
        ("detection at most 1280 px, 1 thread", {"Det.limit_type": "max", "Det.limit_side_len": 1280,
                                                 "EngineConfig.onnxruntime.intra_op_num_threads": 1}),
        ("detection at most 960 px, 1 thread", {"Det.limit_type": "max", "Det.limit_side_len": 960,
                                                "EngineConfig.onnxruntime.intra_op_num_threads": 1}),
    ]


def main() -> int:
    from eval_pdf import pick
    from pipeline import ocr
    from pipeline.evaluate import read_stem_list

    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--train", type=int, default=8)
    ap.add_argument("--validation", type=int, default=4)
    ap.add_argument("--out", default=None)
    ap.add_argument("--variants", action="store_true")
    a = ap.parse_args()
    if not ocr.available():
        print("the OCR extra is not installed: pip install 'notice-pipeline[ocr]'")
        return 1
    train, valid = pick(Path(a.dev), a.train, a.validation)
    val = read_stem_list(ROOT / "tests" / "data" / "validation_split.txt")
    out = Path(a.out or tempfile.mkdtemp(prefix="bench_ocr_"))
    pairs = render_pairs(train + valid, out)
    t = time.perf_counter()
    ocr._engine()
    print(f"{len(train)} training + {len(valid)} validation notices; engine start-up {time.perf_counter() - t:.1f} s (not counted)")
    run(pairs, val, f"as shipped ({ocr.describe()})")
    if a.variants:
        for label, params in variants():
            ocr._engine = functools.lru_cache(maxsize=1)(functools.partial(ocr.make_engine, params))
            run(pairs, val, label)
    else:
        real_pages()
    return 0


if __name__ == "__main__":
    sys.exit(main())
