"""PDF reading speed: this project's loader against pdfplumber alone and pypdfium2 alone on the same
files in one run (start-up excluded: every reader has read one file before timing), and OCR
seconds per page separately.

    python benchmarks/bench_pdf.py [ROUNDS] [--no-ocr]

Files: the committed fixtures plus GB/T renderings of the shipped corpus texts (scripts/render_pdf.py)
for text-layer PDFs; for OCR, rasterised renderings of two of them.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def pdfplumber_alone(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return sum(len(p.extract_text() or "") for p in pdf.pages)


def pypdfium2_alone(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()


def project_load(path: Path) -> int:
    from pipeline.load.pdf import load

    return len(load(path, ocr=False).text)


def project_record(path: Path) -> int:
    from pipeline.record import build_record

    return len(build_record(path)["text"])


def timed(fn, files, rounds: int) -> float:
    fn(files[0])  # start-up (imports, jieba's dictionary, rules) is not timed
    t = time.perf_counter()
    for _ in range(rounds):
        for f in files:
            fn(f)
    return (time.perf_counter() - t) / rounds


def main() -> int:
    import render_pdf

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rounds = int(args[0]) if args else 3
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))
        for src in sorted((ROOT / "corpus").glob("*.txt")):
            dst = tmp / f"{src.stem}.pdf"
            render_pdf.render(src, dst, "gbt")
            files.append(dst)
        import pypdfium2 as pdfium

        pages = 0
        for f in files:
            d = pdfium.PdfDocument(str(f))
            pages += len(d)
            d.close()
        base = timed(pdfplumber_alone, files, rounds)
        rows = [("pdfplumber alone (extract_text)", base), ("pypdfium2 alone (get_text_range)", timed(pypdfium2_alone, files, rounds)),
                ("notice-pipeline PDF load (layout)", timed(project_load, files, rounds)),
                ("notice-pipeline build_record (load + extract)", timed(project_record, files, rounds))]
        print(f"{len(files)} text-layer PDFs, {pages} pages, mean of {rounds} rounds")
        for name, secs in rows:
            print(f"  {name:46} {secs:7.3f} s  {1000 * secs / pages:6.1f} ms/page  {secs / base:5.2f}x pdfplumber")
        if "--no-ocr" in sys.argv:
            return 0
        from pipeline import ocr

        if not ocr.available():
            print("OCR: extra not installed (pip install 'notice-pipeline[ocr]')")
            return 0
        from pipeline.load.pdf import read_layout

        scans = []
        for src in sorted((ROOT / "corpus").glob("*.txt"))[:2]:
            dst = tmp / f"{src.stem}.scan.pdf"
            render_pdf.render(src, dst, "scan")
            scans.append(dst)
        t = time.perf_counter()
        ocr._engine()
        start = time.perf_counter() - t
        n = 0
        wall, cpu = time.perf_counter(), time.process_time()
        for f in scans:
            pages_read, _, _ = read_layout(f, ocr=True)
            n += len(pages_read)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"OCR: {n} rasterised pages: {wall / n:.2f} s/page wall, {cpu / n:.2f} CPU-s/page "
              f"(engine start-up {start:.1f} s, not counted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
