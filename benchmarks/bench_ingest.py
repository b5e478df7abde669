"""Ingest speed and memory: the shipped corpus and the rendered PDFs, copied N times.

    python benchmarks/bench_ingest.py [COPIES] [JOBS]
"""
import resource
import sys
import tempfile
import time
from pathlib import Path

from pipeline.store import ingest

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        files = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))
        for i in range(copies):
            for f in files:
                # a changed byte makes every copy a new notice for the incremental store
                data = f.read_bytes() + (b"\n" * (i + 1) if f.suffix == ".txt" else b"%" + str(i).encode() + b"\n")
                (src / f"{i}_{f.name}").write_bytes(data)
        n = copies * len(files)
        t = time.perf_counter()
        res = ingest([src], Path(tmp) / "out", jobs=jobs, progress=False)
        first = time.perf_counter() - t
        t = time.perf_counter()
        again = ingest([src], Path(tmp) / "out", jobs=jobs, progress=False)
        second = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{n} files ({copies} copies of {len(files)}; txt and pdf), jobs={jobs}: {first:.1f} s "
          f"({n / first:.1f} files/s, {len(res.failed)} failed); unchanged re-run {second:.2f} s "
          f"({again.unchanged} skipped); peak RSS {peak:.0f} MB (workers {kids:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
