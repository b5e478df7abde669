"""Incremental batch ingest: input scan, manifest, worker processes under limits, per-file errors.

- The manifest (DIR/manifest.sqlite, pipeline/manifest.py) keys every file on its content hash,
  the rules version and the pipeline version, and keeps its size and modification time: a file
  whose size and time are unchanged is not even read; an unchanged file is skipped, a failed one
  is retried only when it changes (or with retry_failed).  Folders are walked as they are
  planned and each file looked up in the manifest as it is met, so an unchanged re-run holds
  nothing per file; each finished file commits its row, so a killed run loses only the files in
  flight.
- Records whose source is gone, or now fails, are removed: they never reach the calendar.
- Files are parsed in worker processes started once per batch (each loads the rules once),
  under a time and a memory limit: a worker that exceeds them is stopped and replaced, and
  costs only its own file.  Workers die with their parent.  A worker also inserts its records'
  database rows (DIR/notices.sqlite, pipeline/db.py), so this process, on the same cores,
  only keeps the manifest.
- Or on Dask (`dask=`): the same per-file work as Dask tasks, inputs as paths or fsspec URLs;
  there the rows come back and this process inserts them (SQLite on a shared filesystem is not
  safe to write from many machines).
- One run at a time per output folder (a lock file); temporary files of a killed run are
  removed by the next.
"""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import itertools
import logging
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .load import supported
from .db import Writer, connect, file_stamp, record_rows
from .i18n import Message, as_messages, message, os_error, parse_stored
from .manifest import Manifest, Pending
from .load import unsupported
from .model import LoadError, NoData, UserError
from .record import atomic_write, build_record, dump_yaml, record_id, sha256_file, write_record
from .rules import load_rules, rules_version
from .safe import display_path

log = logging.getLogger(__name__)

LOCK = ".notices.lock"
DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO}


@dataclass
class Limits:
    """What one file may cost its worker before it is stopped and the file reported."""

    seconds: float = 120.0
    memory_mb: int = 4096  # address space (RLIMIT_AS): jieba, cpca and pdfium need ~0.5 GB; OCR more


@dataclass
class BatchResult:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0                                   # files skipped: unchanged since their record
    failed: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)    # record ids whose source is gone or now fails
    ignored: list[str] = field(default_factory=list)    # hidden files, other formats
    manifest_changes: int = 0                           # manifest rows written or removed

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self, msg=None) -> str:
        """What the batch did, in msg's language (a Messages or a language code; default Chinese)."""
        msg = as_messages(msg)
        lines = [msg("ingest.summary", written=len(self.written), unchanged=self.unchanged, failed=len(self.failed),
                     files=len(self.written) + self.unchanged + len(self.failed))]
        if self.removed:
            lines.append(msg("ingest.removed", n=len(self.removed)))
        if self.ignored:
            lines.append(msg("ingest.ignored", n=len(self.ignored)))
        return "\n".join(lines)


class StoreError(NoData):
    """The batch cannot go on (disk full, output not writable): exit code 1."""


# ---------------------------------------------------------------- versions
def pipeline_version() -> str:
    """The package version plus a hash of its code: new code re-processes every file."""
    from . import __version__

    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for f in sorted(here.rglob("*.py")):
        h.update(f.relative_to(here).as_posix().encode() + b"\0" + f.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"


# ---------------------------------------------------------------- input scan
@dataclass
class Scan:
    files: list[Path] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)   # {"path", "error"}: go to errors.yaml
    ignored: list[tuple[str, str]] = field(default_factory=list)
    remote: dict[str, tuple] = field(default_factory=dict)   # URL -> (size, modification time)
    remote_roots: list[str] = field(default_factory=list)


def is_url(path) -> bool:
    return isinstance(path, str) and "://" in path


def _scan_url(url: str, scan: Scan) -> None:
    """Files under a URL (s3://bucket/inbox/, file:///srv/inbox), listed through fsspec."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    scan.remote_roots.append(url.rstrip("/") + "/")
    try:
        infos = fs.find(root, detail=True) if fs.isdir(root) else {root: fs.info(root)}
    except (OSError, ValueError) as exc:
        scan.problems.append({"path": url, "error": message("file.unreadable_dir", reason=os_error(exc) if isinstance(exc, OSError) else str(exc))})
        return
    for name, info in sorted(infos.items()):
        full = fs.unstrip_protocol(name)
        base = name.rstrip("/").rsplit("/", 1)[-1]
        if base.startswith("."):
            scan.ignored.append((full, message("ingest.hidden")))
        elif unsupported(Path(base).suffix):
            scan.problems.append({"path": full, "error": unsupported(Path(base).suffix)})
        elif not supported(Path(base)):
            if not base.endswith(".gold.yaml"):
                scan.ignored.append((full, message("ingest.other_format")))
        else:
            when = info.get("mtime") or info.get("LastModified") or info.get("updated") or info.get("created")
            scan.remote[full] = (info.get("size"), str(when))
            scan.files.append(full)


def inside(path: str, roots: list[str]) -> bool:
    """Whether `path` is one of `roots` or under one (resolved paths, as strings)."""
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _file_problem(path: Path) -> Message | None:
    """Why a directory entry (not a symlink) cannot be read as a notice file, if it cannot."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return os_error(exc)
    if not stat.S_ISREG(mode):
        kind = "fifo" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
        return message("file.not_regular", kind=message(f"file.kind_{kind}"))
    return None


def scan_inputs(paths) -> Scan:
    """The notice files under the named paths; symlinks out of the named folders, loops, FIFOs and
    unsupported formats are reported, hidden files and other formats ignored (and counted)."""
    scan = scan_urls(paths)
    scan.files.extend(Path(f) for f in local_inputs(paths, scan))
    return scan


def scan_urls(paths) -> Scan:
    """The files under the URLs among `paths`, listed whole (what is gone under a URL is what it
    no longer lists)."""
    scan = Scan()
    for url in [p for p in paths if is_url(p)]:
        _scan_url(url, scan)
    return scan


def local_inputs(paths, scan: Scan, first_visit=None) -> Iterator[str]:
    """The notice files under the named local paths, as the folders are walked (in name order);
    problems and ignored files go to `scan`.  A file reached twice (a folder named twice, a link
    inside the named folders) comes once: `first_visit(resolved path)` says whether it is new
    (default: a set of those seen).  Paths as strings (os.path, not pathlib, which interns
    every part of every name: its table of interned strings would grow with the corpus)."""
    named = [str(Path(p)) for p in paths if not is_url(p)]   # "./in/" as "in", as the records have always said
    roots = []
    for p in named:
        try:
            roots.append(os.path.realpath(p))
        except (OSError, ValueError):
            pass
    if first_visit is None:
        seen: set[str] = set()

        def first_visit(real: str) -> bool:
            new = real not in seen
            seen.add(real)
            return new

    def consider(f: str, explicit: bool) -> str | None:
        """f when it is a notice file met for the first time, else None (and why, in scan)."""
        if os.path.islink(f):
            try:
                real = os.path.realpath(f, strict=True)
            except FileNotFoundError:
                scan.problems.append({"path": f, "error": message("file.symlink_broken")})
                return None
            except (RuntimeError, OSError):
                scan.problems.append({"path": f, "error": message("file.symlink_loop")})
                return None
            if not explicit and not inside(real, roots):
                scan.problems.append({"path": f, "error": message("file.symlink_outside", target=display_path(real))})
                return None
            if os.path.isdir(real):
                return None  # a folder link inside the named folders: walked there already
        else:
            real = os.path.realpath(f)
        name = os.path.basename(f)
        if not explicit and name.startswith("."):
            scan.ignored.append((f, message("ingest.hidden")))
            return None
        suffix = os.path.splitext(name)[1]
        todo = unsupported(suffix)
        if todo:
            scan.problems.append({"path": f, "error": todo})
            return None
        if not explicit and not supported(name):
            if not name.endswith(".gold.yaml"):
                scan.ignored.append((f, message("ingest.other_format")))
            return None
        problem = _file_problem(f)
        if problem:
            scan.problems.append({"path": f, "error": problem})
            return None
        return f if first_visit(real) else None

    for p in named:
        if not os.path.lexists(p):
            scan.problems.append({"path": p, "error": message("file.missing")})
        elif os.path.isdir(p):
            yield from filter(None, _walk(p, consider, scan))
        elif (f := consider(p, explicit=True)) is not None:
            yield f


def _walk(top: str, consider, scan: Scan) -> Iterator[str | None]:
    def onerror(exc: OSError):
        scan.problems.append({"path": exc.filename or top, "error": message("file.unreadable_dir", reason=os_error(exc))})

    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror, followlinks=False):
        if top == os.curdir:   # "." named: its files as "a.txt", not "./a.txt" (as pathlib gave them)
            dirpath = "" if dirpath == os.curdir else dirpath[len(os.curdir + os.sep):]
        dirnames.sort()
        keep = []
        for d in dirnames:
            sub = os.path.join(dirpath, d)
            if d.startswith("."):
                scan.ignored.append((sub, message("ingest.hidden")))
            elif os.path.islink(sub):
                yield consider(sub, explicit=False)  # reported when it leads out or loops, else walked in place
            else:
                keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            yield consider(os.path.join(dirpath, name), explicit=False)


def collect_files(paths) -> list[Path]:
    """The notice files under the named paths (see scan_inputs for what is left out and why)."""
    return scan_inputs(paths).files


# ---------------------------------------------------------------- manifest
def _clean_temporary_files(out_dir: Path) -> None:
    """Temporary files a killed run left (atomic_write's .<name>.<random>.tmp), in DIR and its
    folders (os.scandir: a glob makes a Path of every record, and pathlib interns their names)."""
    folders = [str(out_dir)]
    with os.scandir(out_dir) as it:
        folders += [e.path for e in it if e.is_dir(follow_symlinks=False)]
    for folder in folders:
        with os.scandir(folder) as it:
            left = [e.path for e in it if e.name.startswith(".") and e.name.endswith(".tmp")]
        for tmp in left:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _key(path: str) -> str:
    return os.path.realpath(path)   # what Path.resolve() gives, without pathlib's interning


# ---------------------------------------------------------------- workers
_WORKER: dict = {}
ROWS_LOCK_WAIT = 5.0   # seconds a worker waits for the database's write lock before leaving its rows to the sync


def _worker_start(rules_dir: str | None, memory_mb: int, parent: int) -> None:
    """Runs once in each worker: die with the parent, cap memory, load the rules."""
    import resource
    import signal

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)  # the parent died before this worker was set up
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):
            pass
    _WORKER["rules"] = _warm(load_rules(rules_dir))
    _WORKER["memory_mb"] = memory_mb


def _warm(rules):
    """Build the rules' cue matcher and load cpca's address table now, so no file's time limit pays
    for them (done in the parent before the workers fork, they inherit them; the graph's
    placeholders need cpca here again, so it is loaded once, not in each process)."""
    from .compat import import_cpca

    import_cpca()  # its table is read at import
    from .nlp import pipeline

    pipeline(rules)
    return rules


def _parse_one(path: str, sha: str, rid: str, out_dir: str, want_record: bool = True) -> dict:
    """In a worker: one file to one written record and its database rows, or one error."""
    return _parse_source(_WORKER.get("rules") or load_rules(), path, sha, rid, out_dir, want_record)


def _parse_many(files: list[tuple[str, str, str]], out_dir: str, want_record: bool = True) -> list[dict]:
    """In a worker: a batch of (path, sha, id), one result each (a batch costs the parent one
    message instead of one per file), their rows already in the database."""
    results = [_parse_one(path, sha, rid, out_dir, want_record) for path, sha, rid in files]
    _insert_rows(results, out_dir)
    return results


def _insert_rows(results: list[dict], out_dir: str) -> None:
    """In a worker: the rows of a task's records into DIR/notices.sqlite in one short transaction.
    Done here, not in the parent, because the parent shares the cores with the workers: its
    ~1 ms a record of inserts and trigram indexing kept `-j N` from N times `-j 1`.  Rows that
    cannot be written (the lock held past the timeout) are left to the sync at the end of the
    run, which reads their record files; either way the parent inserts nothing."""
    done = [r for r in results if r.get("rows") is not None]
    if not done:
        return
    try:
        # a short wait for the lock: time spent waiting counts against the files' time limit,
        # and the sync catches up on whatever is not written here
        with Writer(out_dir, timeout=ROWS_LOCK_WAIT) as index:
            for res in done:
                index.put(res["stamp"][0], res["rows"], res["stamp"])
    except Exception as exc:   # the rows are a shortcut: the records are written, the sync reads them
        log.debug("rows left to the sync: %s", exc)
    for res in done:
        res["rows"] = None


def _task_size(files: int, jobs: int) -> int:
    """Files a task carries: one for a small batch (a file's result comes at once), up to 16 for a
    large one, so that each worker still gets many tasks and the last ones end together."""
    return max(1, min(16, files // (jobs * 32)))


def _parse_source(rules, path: str, sha: str | None, rid: str, out_dir: str, want_record: bool) -> dict:
    """A path as it is; a URL read through fsspec into a temporary copy first."""
    if not is_url(path):
        return _parse_with(rules, path, sha, rid, out_dir, want_record)
    import tempfile

    import fsspec

    with tempfile.TemporaryDirectory(prefix="notices-") as tmp:
        local = os.path.join(tmp, path.rstrip("/").rsplit("/", 1)[-1])
        try:
            with fsspec.open(path, "rb") as src, open(local, "wb") as dst:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    dst.write(chunk)
        except OSError as exc:
            return {"error": message("file.unreadable", reason=os_error(exc))}
        return _parse_with(rules, local, sha, rid, out_dir, want_record, source=path)


def _parse_with(rules, path: str, sha: str | None, rid: str, out_dir: str, want_record: bool,
                source: str | None = None) -> dict:
    """One file to one written record and its database rows, or one error (`source`: the name the
    record gives the file, when `path` is a local copy of it)."""
    try:
        rec = build_record(path, rules, sha)
    except LoadError as exc:
        return {"error": exc.args[0] if exc.args else str(exc)}   # an i18n.Message: said in the user's language
    except MemoryError:
        return {"error": message("file.too_large_memory", mb=_WORKER.get("memory_mb") or "?")}
    except RecursionError:
        return {"error": message("file.too_deep")}
    except Exception as exc:  # a bug on one file must not stop the batch
        log.debug("internal error on %s", display_path(path), exc_info=True)
        return {"error": message("file.internal_error", exception=exc.__class__.__name__,
                                  detail=" ".join(str(exc).split())[:300])}
    rec["id"] = rid
    if source is not None:
        from .record import source_path

        rec["source"]["path"] = source_path(source)
    try:
        target = write_record(rec, out_dir)
        stamp = file_stamp(rid, target)
    except OSError as exc:
        if exc.errno in DISK_ERRNOS:
            return {"fatal": exc.errno}
        return {"error": message("file.write_error", reason=os_error(exc))}
    # the database rows are made here, so the parent only inserts them; the record itself
    # travels back only when the caller wants it (on_written): pickling costs the parent
    return {"record": rec if want_record else None, "rows": record_rows(rec, rules.taxonomy), "stamp": stamp,
            "sha256": rec["source"]["sha256"]}


def parse_on_dask_worker(path: str, sha: str | None, rid: str, out_dir: str, rules_dir: str | None,
                         want_record: bool) -> dict:
    """A Dask task: the per-file work of a worker process, on a Dask worker.  The rules are loaded
    once per worker process (load_rules caches them); the file is read through fsspec, so a URL
    (s3://…, gs://…) works as well as a path on a filesystem the workers share; the record is
    written into the output folder, which the workers must share with the client."""
    rules = load_rules(rules_dir)
    _warm(rules)
    res = _parse_source(rules, path, sha, rid, out_dir, want_record)
    res["rules_version"] = rules.version
    return res


def _pool(jobs: int, rules_dir: str | None, limits: Limits):
    import multiprocessing

    from pebble import ProcessPool

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    return ProcessPool(max_workers=jobs, initializer=_worker_start,
                       initargs=(rules_dir, limits.memory_mb, os.getpid()), context=context)


def _outcome(future, limits: Limits) -> dict:
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble import ProcessExpired

    try:
        return future.result()
    except FutureTimeout:
        return {"error": message("file.too_slow", seconds=f"{limits.seconds:g}")}
    except ProcessExpired as exc:
        # killed by a signal (the OOM killer, SIGSEGV in a C library) or exited
        code = exc.exitcode
        if code is not None and code < 0:
            reason = message("file.signal_oom" if code == -9 else "file.signal", signal=-code)
        else:
            reason = message("file.exit_code", code=code)
        return {"error": message("file.worker_died", reason=reason)}
    except MemoryError:
        return {"error": message("file.too_large_memory", mb=limits.memory_mb)}
    except Exception as exc:
        return {"error": message("file.worker_error", exception=exc.__class__.__name__,
                                 detail=" ".join(str(exc).split())[:300])}


# ---------------------------------------------------------------- the batch
class _Batch:
    """The state of one ingest run: the manifest, ids given out in it, the result."""

    def __init__(self, out_dir: Path, rules_dir: str | None, pversion: str, on_written):
        self.out = out_dir
        self.rules_dir = rules_dir
        self.rules_version = rules_version(rules_dir)  # without loading them: a run with nothing to parse never does
        self.pversion = pversion
        self.on_written = on_written
        self.result = BatchResult()
        self.manifest = Manifest(out_dir)
        self.pending = Pending()   # the files this run parses, and the record ids they get
        self.index: Writer | None = None   # DIR/notices.sqlite: rows of the records written in this batch

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None
        self.result.manifest_changes = self.manifest.changes
        self.manifest.close()
        self.pending.close()

    def owner(self, rid: str) -> str | None:
        """The key of the file that has (or, in this run, will have) the record id."""
        return self.pending.owner(rid) or self.manifest.owner(rid)

    def drop_record(self, key: str, entry: dict | None) -> None:
        rid = (entry or {}).get("id")
        if rid and entry.get("status", "ok") == "ok":
            try:
                (self.out / "notices" / f"{rid}.yaml").unlink()
            except FileNotFoundError:
                pass
            self.result.removed.append(rid)

    # -- planning
    def current(self, entry: dict | None, sha: str) -> bool:
        return bool(entry) and entry.get("sha256") == sha and entry.get("rules_version") == self.rules_version \
            and entry.get("pipeline_version") == self.pversion

    def assign_id(self, key: str, path: str, sha: str, old: str | None) -> str:
        """A record id, stable across runs and independent of the order workers finish in."""
        rid = old if old and self.owner(old) in (None, key) else record_id(path)
        if self.owner(rid) not in (None, key):
            # the same name elsewhere: the content's hash, then (copies of one file) the path's
            base, by_path = rid, hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()
            tries = itertools.chain((f"{base}-{h[:8]}" for h in (sha, by_path) if h),
                                    (f"{base}-{by_path[:8]}-{n}" for n in itertools.count(2)))
            rid = next(t for t in tries if self.owner(t) in (None, key))
        return rid

    def remove_gone(self, scan: Scan) -> None:
        """Records whose source file no longer exists (a URL: no longer listed under a URL named)."""
        gone = []
        for key, entry in self.manifest.items():
            if is_url(key):
                if key not in scan.remote and any(key.startswith(r) for r in scan.remote_roots):
                    gone.append((key, entry))
            elif not os.path.lexists(key):
                gone.append((key, entry))
        for key, entry in gone:
            self.drop_record(key, entry)
            self.manifest.put(key, None)

    def plan(self, f: str, remote: bool, scan: Scan, retry_failed: bool) -> None:
        """What to do with one input file (a local path or, `remote`, a URL): nothing when it is
        unchanged (or failed and unchanged), else a task in self.pending."""
        key = f if remote else _key(f)
        if remote and not self.manifest.first_visit(key):
            return None
        entry = self.manifest.get(key)
        try:
            if remote:
                stat = scan.remote[f]
            else:
                st = os.stat(f)
                stat = (st.st_size, st.st_mtime_ns)
            # an unchanged size and modification time vouch for the hash: the file is not read
            same = bool(entry) and (entry.get("size"), entry.get("mtime_ns")) == stat
            if remote:   # a URL is hashed where it is read, by its worker (one that failed may have no hash)
                sha = entry.get("sha256") if same else None
            else:
                same = same and bool(entry.get("sha256"))
                sha = entry["sha256"] if same else sha256_file(f)
        except OSError as exc:
            self.fail(f, message("file.unreadable", reason=os_error(exc)))
            return None
        # a URL listed with another size or time has changed: its hash is not known here
        if (same or not remote) and self.current(entry, sha):
            if not same:
                self.manifest.put(key, {**entry, "size": stat[0], "mtime_ns": stat[1]})  # touched, not changed
            if entry.get("status", "ok") == "ok" and os.path.isfile(os.path.join(self.out, "notices", f"{entry.get('id')}.yaml")):
                self.result.unchanged += 1
                return None
            if entry.get("status") == "failed" and not retry_failed:
                self.fail(f, message("file.unchanged_failure", error=parse_stored(entry.get("error", ""))))
                return None
        self.pending.add(key, f, sha, self.assign_id(key, f, sha, (entry or {}).get("id")), stat)

    # -- results
    def done(self, key: str, path: str, sha: str, rid: str, res: dict, stat: tuple[int, int] | None = None) -> None:
        entry = {"sha256": sha, "rules_version": self.rules_version, "pipeline_version": self.pversion, "path": path}
        if stat is not None:
            entry["size"], entry["mtime_ns"] = stat
        if "record" in res:
            if res.get("rows") is not None:
                if self.index is None:
                    self.index = Writer(self.out, commit_every=200)
                self.index.put(rid, res["rows"], res["stamp"])
            self.manifest.put(key, {**entry, "id": rid, "status": "ok"})
            self.result.written.append(path)
            if self.on_written:
                self.on_written(res["record"])
            return
        error = res["error"]
        self.drop_record(key, self.manifest.get(key))  # its old record would show what the file no longer says
        self.manifest.put(key, {**entry, "status": "failed", "error": " ".join(str(error).split())})
        self.fail(path, error)

    def fail(self, path: str, error: Message | str) -> None:
        """A file that failed: in the result and errors.yaml (English), and on the terminal (its language)."""
        self.result.failed.append({"path": display_path(path), "error": error})
        log.error(message("ingest.failed", path=display_path(path), error=error))


def ingest(paths, out_dir, jobs: int = 1, rules_dir: str | None = None, progress: bool | None = None,
           on_written=None, retry_failed: bool = False, limits: Limits | None = None, msg=None,
           dask: str | None = None) -> BatchResult:
    """Ingest files and folders into `out_dir`/notices, skipping unchanged files (msg: the language of
    the progress bar).

    dask: parse on Dask instead of local worker processes: the scheduler's address, or "" for a
    LocalCluster of `jobs` workers (the optional extra [dask]); the same records and manifest.

    Raises UserError when `out_dir` is not a folder or another run holds it, StoreError when
    it cannot be written (disk full); per-file problems are in the result and errors.yaml."""
    from filelock import FileLock, Timeout

    out_dir = Path(out_dir)
    limits = limits or Limits()
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(message("error.out_is_file", out=display_path(out_dir)))
    try:
        (out_dir / "notices").mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(out_dir / LOCK), timeout=0)
        lock.acquire()
    except Timeout:
        raise UserError(message("error.locked", out=display_path(out_dir), lock=display_path(out_dir / LOCK))) from None
    except OSError as exc:
        raise StoreError(message("error.write_failed", out=display_path(out_dir), reason=os_error(exc))) from None
    try:
        return _run(paths, out_dir, jobs, rules_dir, progress, on_written, retry_failed, limits, msg, dask)
    except OSError as exc:
        raise StoreError(message("error.write_failed", out=display_path(out_dir), reason=os_error(exc))) from None
    except sqlite3.DatabaseError as exc:   # the manifest's disk full, read-only, failing (or damaged: made again next run)
        raise StoreError(message("error.write_failed", out=display_path(out_dir), reason=str(exc))) from None
    finally:
        lock.release()


def _run(paths, out_dir: Path, jobs, rules_dir, progress, on_written, retry_failed, limits, msg=None, dask=None) -> BatchResult:
    _clean_temporary_files(out_dir)
    paths = list(paths)
    batch = _Batch(out_dir, rules_dir, pipeline_version(), on_written)
    result = batch.result
    try:
        scan = scan_urls(paths)
        batch.remove_gone(scan)
        # the local folders are walked as they are planned: nothing is held per unchanged file
        files = itertools.chain(((url, True) for url in scan.files),
                                ((f, False) for f in local_inputs(paths, scan, batch.manifest.first_visit)))
        for f, remote in files:
            batch.plan(f, remote, scan, retry_failed)
        for path, why in scan.ignored:
            log.info(message("ingest.ignored_file", path=display_path(path), why=why))
        result.ignored = [p for p, _ in scan.ignored]
        for prob in scan.problems:
            batch.fail(prob["path"], prob["error"])
        _parse_all(batch, batch.pending, jobs, rules_dir, progress, limits, out_dir, msg, dask)
        _remove_orphans(batch)
    finally:
        batch.close()
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    atomic_write(out_dir / "errors.yaml", dump_yaml([{**f, "time": stamp} for f in result.failed]))
    from .db import sync

    sync(out_dir)  # DIR/notices.sqlite follows the records
    return result


def _parse_all(batch: _Batch, todo, jobs: int, rules_dir, progress, limits: Limits, out_dir: Path, msg=None,
               dask: str | None = None) -> None:
    if not todo:
        return
    from tqdm import tqdm

    show = progress if progress is not None else (len(todo) >= 20 and sys.stderr.isatty())
    msg = as_messages(msg)
    bar = tqdm(total=len(todo), disable=not show, desc=msg("ingest.progress"), unit=msg("ingest.unit"), file=sys.stderr)
    if dask is not None:
        try:
            _parse_dask(batch, todo, jobs, rules_dir, out_dir, dask, bar)
        finally:
            bar.close()
        return
    rules = load_rules(batch.rules_dir)
    batch.rules_version = rules.version  # the same, unless the rules changed while this run was planned
    _warm(rules)
    connect(out_dir).close()  # the database made (or an old layout replaced) once, before the workers write
    pool = _pool(max(1, min(jobs, len(todo))), rules_dir, limits)
    size = _task_size(len(todo), jobs)
    want = batch.on_written is not None
    fatal = None
    try:
        # a bounded window of tasks in flight: a dead worker or Ctrl-C costs only these
        window = max(4, 4 * jobs)
        pending: dict = {}
        planned = iter(todo)
        tasks = iter(lambda: list(itertools.islice(planned, size)), [])
        singles: list[tuple] = []   # files of a task that timed out or lost its worker, tried again alone

        def submit():
            if singles:
                items = [singles.pop()]
            else:
                items = next(tasks, None)
                if items is None:
                    return False
            files = [(path, sha, rid) for _, path, sha, rid, _ in items]
            pending[pool.schedule(_parse_many, (files, str(out_dir), want), timeout=limits.seconds * len(items))] = items
            return True

        for _ in range(window):
            if not submit():
                break
        from concurrent.futures import FIRST_COMPLETED, wait

        while pending:
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for fut in sorted(finished, key=lambda f: pending[f][0][1]):
                items = pending.pop(fut)
                res = _outcome(fut, limits)
                if isinstance(res, dict) and len(items) > 1:
                    # one file of the task hung or killed its worker: each is tried alone, so only it fails
                    singles.extend(reversed(items))
                    results = []
                else:
                    results = res if isinstance(res, list) else [res]
                for (key, path, sha, rid, stat), one in zip(items, results):
                    if "fatal" in one:
                        fatal = one["fatal"]
                        continue
                    batch.done(key, path, one.get("sha256") or sha, rid, one, stat)
                    bar.update(1)
                if fatal is None:
                    submit()
                    while singles and len(pending) < window:
                        submit()
            if fatal is not None and not pending:
                break
    finally:
        pool.stop()
        pool.join()
        bar.close()
    if fatal is not None:
        raise OSError(fatal, os.strerror(fatal))


def _dask_client(address: str, jobs: int):
    """A client of the scheduler at `address`, or of a LocalCluster of `jobs` worker processes."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise UserError(message("error.dask_missing", command="pip install 'notice-pipeline[dask]'", error=exc)) from None
    if address:
        try:
            return Client(address, timeout="30s"), None
        except (OSError, TimeoutError) as exc:
            raise UserError(message("error.dask_unreachable", address=address, error=exc)) from None
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def _parse_dask(batch: _Batch, todo, jobs: int, rules_dir, out_dir: Path, address: str, bar) -> None:
    """The batch as Dask tasks (parse_on_dask_worker); results come back to this process, which
    keeps the manifest and the database as in a local run."""
    from dask.distributed import as_completed

    client, cluster = _dask_client(address, jobs)
    rules_dir = str(Path(rules_dir).resolve()) if rules_dir else None
    out = str(out_dir.resolve())
    fatal = None
    try:
        # a window of tasks in flight, topped up as they finish: the client holds no future per file
        window = max(64, 4 * sum(client.nthreads().values()))
        planned = iter(todo)
        items: dict = {}
        running = as_completed()

        def submit() -> None:
            item = next(planned, None)
            if item is not None and fatal is None:
                _, path, sha, rid, _ = item
                fut = client.submit(parse_on_dask_worker, path, sha, rid, out, rules_dir, batch.on_written is not None,
                                    key=f"notices-parse-{rid}-{(sha or '')[:12]}", pure=False, retries=1)
                items[fut.key] = item
                running.add(fut)

        for _ in range(window):
            submit()
        for fut in running:
            key, path, sha, rid, stat = items.pop(fut.key)
            submit()
            try:
                res = fut.result()
            except Exception as exc:  # the task failed (its worker died twice, or an error on the way)
                res = {"error": message("file.worker_died", reason=f"{exc.__class__.__name__}: {exc}")}
            if res.get("rules_version") not in (None, batch.rules_version):
                res = {"error": message("error.dask_other_rules", theirs=res["rules_version"], ours=batch.rules_version)}
            if "fatal" in res:
                fatal = res["fatal"]
                continue
            batch.done(key, path, res.get("sha256") or sha, rid, res, stat)
            bar.update(1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if fatal is not None:
        raise OSError(fatal, os.strerror(fatal))


def _remove_orphans(batch: _Batch) -> None:
    """Record files no manifest entry owns (left by a run killed between record and manifest row).
    Only against a manifest that was read: a lost manifest must not cost the records."""
    if not batch.manifest.known:
        return
    with os.scandir(batch.out / "notices") as it:
        stems = (e.name[:-5] for e in it if e.name.endswith(".yaml") and not e.name.startswith("."))
        orphans = list(batch.manifest.unowned(stems))
    for rid in orphans:
        try:
            (batch.out / "notices" / f"{rid}.yaml").unlink()
        except OSError:
            pass
