"""A large batch: N synthetic notices (copies of the shipped texts, each changed so its hash is new),
ingested with -j 1 and -j 2; how many manifest rows are written, and an unchanged re-run.

    python benchmarks/bench_batch.py [N] [JOBS...]      # default: 10000 files, jobs 1 and 2
"""
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.store import ingest

ROOT = Path(__file__).resolve().parent.parent


def synthesise(src: Path, n: int) -> None:
    texts = [f.read_bytes() for f in sorted((ROOT / "corpus").glob("*.txt"))]
    for i in range(n):
        # a trailing line of its own makes every copy a new file for the store
        (src / f"{i:05d}.txt").write_bytes(texts[i % len(texts)] + f"\n（第{i}份）\n".encode("utf-8"))


def run_one(src: Path, out: Path, jobs: int) -> None:
    """One setting, in a process of its own: each starts cold (rules, tokenizer, spaCy)."""
    n = len(list(src.iterdir()))
    t = time.perf_counter()
    res = ingest([src], out, jobs=jobs, progress=False)
    first = time.perf_counter() - t
    t = time.perf_counter()
    again = ingest([src], out, jobs=jobs, progress=False)
    second = time.perf_counter() - t
    print(f"{n} files, -j {jobs}: {first:.1f} s ({n / first:.1f} files/s), {len(res.written)} written, "
          f"{len(res.failed)} failed, {res.manifest_changes} manifest rows written; "
          f"unchanged re-run {second:.1f} s ({again.unchanged} unchanged, {again.manifest_changes} manifest "
          f"rows written)", flush=True)


def main() -> int:
    if sys.argv[1:2] == ["--run"]:
        run_one(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
        return 0
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    jobs_list = [int(x) for x in sys.argv[2:]] or [1, 2]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        synthesise(src, n)
        for jobs in jobs_list:
            subprocess.run([sys.executable, __file__, "--run", str(src), str(Path(tmp) / f"out{jobs}"), str(jobs)],
                           check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
