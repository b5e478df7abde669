"""PDF reading speed: this project's loader against pdfplumber alone and pypdfium2 alone on the same
files in one run (start-up excluded: every reader has read one file before timing), CPU and wall
seconds with the machine's load average, and OCR seconds per page separately.

    python benchmarks/bench_pdf.py [ROUNDS] [--no-ocr]

Text-layer files, two sets rendered from the shipped corpus texts (scripts/render_pdf.py):
  cid        the committed fixtures plus GB/T renderings in Adobe's STSong-Light, not embedded:
             pdfium substitutes a system CJK font, reading its whole file (26 MB for Noto Serif CJK)
             and decoding the outline of every glyph drawn, for every document ("pypdfium2 alone"
             pays this); the project's loader gives pdfium a one-kilobyte stand-in font instead
             (pipeline/load/pdf_fonts.py)
  embedded   the same renderings with a TrueType CJK font embedded, as real notices are made
For OCR, rasterised renderings of two of them.
"""
from __future__ import annotations

import os
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


def timed(fn, files, rounds: int) -> tuple[float, float]:
    """Mean CPU and wall seconds of one pass over `files`."""
    fn(files[0])  # start-up (imports, jieba's dictionary, rules) is not timed
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        for f in files:
            fn(f)
    return (time.process_time() - cpu) / rounds, (time.perf_counter() - wall) / rounds


def count_pages(files) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for f in files:
        d = pdfium.PdfDocument(str(f))
        pages += len(d)
        d.close()
    return pages


def compare(name: str, files: list[Path], rounds: int) -> None:
    pages = count_pages(files)
    readers = [("pdfplumber alone (extract_text)", pdfplumber_alone), ("pypdfium2 alone (get_text_range)", pypdfium2_alone),
               ("notice-pipeline PDF load (layout)", project_load),
               ("notice-pipeline build_record (load + extract)", project_record)]
    load = os.getloadavg()[0]
    rows = [(label, *timed(fn, files, rounds)) for label, fn in readers]
    print(f"{name}: {len(files)} text-layer PDFs, {pages} pages, mean of {rounds} rounds "
          f"(load average {load:.2f} -> {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")
    base_cpu, base_wall = rows[0][1], rows[0][2]
    print(f"  {'':46} {'CPU s':>7} {'ms/page':>7} {'x':>5}   {'wall s':>7} {'x':>5}")
    for label, cpu, wall in rows:
        print(f"  {label:46} {cpu:7.3f} {1000 * cpu / pages:7.1f} {cpu / base_cpu:5.2f}   {wall:7.3f} {wall / base_wall:5.2f}")


def main() -> int:
    import render_pdf

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rounds = int(args[0]) if args else 3
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cid = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))
        embedded = []
        (tmp / "embedded").mkdir()
        for src in sorted((ROOT / "corpus").glob("*.txt")):
            cid.append(tmp / f"{src.stem}.pdf")
            render_pdf.render(src, cid[-1], "gbt")
            if render_pdf.font_file():
                embedded.append(tmp / "embedded" / f"{src.stem}.pdf")
                render_pdf.render(src, embedded[-1], "gbt", embed=True)
        compare("cid (font not embedded)", cid, rounds)
        if embedded:
            compare("embedded (TrueType CJK font)", embedded, rounds)
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
