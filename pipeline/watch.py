"""`notices watch INBOX --out DIR`: ingest new and changed files as they arrive (watchdog).

A file is taken once it has been quiet (no write events, same size) for `settle`
seconds, so a copy in progress is not read half-written.  After each batch the graph,
the calendar, the database and the report are refreshed.  A file that cannot be read is
reported and left where it is (never moved or deleted) and stays listed in
DIR/errors.yaml until a later version of it reads; Ctrl-C or SIGTERM stops cleanly
after the file being written, since every output is written atomically.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import message
from .load import supported

TEMP_SUFFIXES = (".tmp", ".part", ".crdownload", ".swp", ".download")


def wanted(path: Path) -> bool:
    """A notice file, not an editor's or a browser's temporary file, nor a gold file."""
    name = path.name
    if name.startswith((".", "~$", "#")) or name.endswith(TEMP_SUFFIXES) or name.endswith(".gold.yaml"):
        return False
    return supported(path)


@dataclass
class Batch:
    """What one round of the watcher did."""

    written: list[str] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    refreshed: bool = False


def refresh_outputs(out_dir, lang: str = "zh") -> None:
    """Everything derived from the records: graph, calendar, database, report."""
    from .calendar import write_calendar
    from .graph import write_graph
    from .report import build_report

    # each from the index (DIR/notices.sqlite), kept in line with the record files
    write_graph(out_dir, only_if_changed=True, msg=lang)
    write_calendar(out_dir, msg=lang)
    build_report(out_dir, lang=lang)


class InboxWatcher:
    def __init__(self, inbox, out_dir, jobs: int = 1, lang: str = "zh", settle: float = 1.0,
                 rules_dir: str | None = None, say=None):
        self.inbox = Path(inbox)
        self.out = Path(out_dir)
        self.jobs, self.lang, self.settle, self.rules_dir = jobs, lang, settle, rules_dir
        self.say = say or (lambda said: None)   # gets an i18n.Message
        self._pending: dict[str, tuple[float, int]] = {}   # path -> (last event time, size then)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._observer = None
        self._thread: threading.Thread | None = None
        self.failures: dict[str, str] = {}
        self.batches: list[Batch] = []

    # ------------------------------------------------------------ events
    def notice(self, path: str) -> None:
        """A file was created, written or moved in (called from watchdog's thread)."""
        p = Path(path)
        if not wanted(p) or self.out.resolve() in p.resolve().parents:
            return   # DIR inside the inbox: the watcher's own outputs are not notices
        try:
            size = p.stat().st_size
        except OSError:
            return
        with self._lock:
            self._pending[str(p)] = (time.monotonic(), size)

    def _handler(self):
        from watchdog.events import FileSystemEventHandler

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                # a file created, changed, closed after writing, or moved into the inbox (by its new name)
                if not event.is_directory and event.event_type in ("created", "modified", "closed", "moved"):
                    watcher.notice(event.dest_path if event.event_type == "moved" else event.src_path)

        return Handler()

    def _ready(self) -> list[str]:
        """Pending files quiet for `settle` seconds whose size has not changed since their last event."""
        now = time.monotonic()
        ready = []
        with self._lock:
            for path, (when, size) in list(self._pending.items()):
                if now - when < self.settle:
                    continue
                try:
                    current = os.stat(path).st_size
                except OSError:
                    del self._pending[path]   # gone again before it settled
                    continue
                if current != size:
                    self._pending[path] = (now, current)
                    continue
                ready.append(path)
                del self._pending[path]
        return sorted(ready)

    # ------------------------------------------------------------ work
    def process(self, paths) -> Batch:
        """Ingest `paths` (files or the inbox), then refresh every derived output."""
        from .record import atomic_write, dump_yaml
        from .store import ingest, inside

        res = ingest(paths, self.out, jobs=self.jobs, rules_dir=self.rules_dir, progress=False)
        batch = Batch(written=list(res.written), failed=list(res.failed))
        failing = {str(Path(f["path"]).resolve()): f["error"] for f in res.failed}
        roots = [str(Path(p).resolve()) for p in paths]
        for known in list(self.failures):   # read (or skipped as unchanged) this time: no longer failing
            if known not in failing and inside(known, roots):
                del self.failures[known]
        self.failures.update(failing)
        # ingest lists this batch's failures only; the watcher keeps every file still unread
        atomic_write(self.out / "errors.yaml", dump_yaml([{"path": p, "error": e} for p, e in sorted(self.failures.items())]))
        if res.written or res.failed or not self.batches:
            refresh_outputs(self.out, self.lang)
            batch.refreshed = True
        self.batches.append(batch)
        return batch

    def _loop(self) -> None:
        while not self._stop.is_set():
            ready = self._ready()
            if ready:
                self._report(self.process(ready))
            self._stop.wait(0.2)

    def _report(self, batch: Batch) -> None:
        for p in batch.written:
            self.say(message("watch.ingested", path=p))
        for f in batch.failed:
            self.say(message("watch.failed", path=f["path"], error=f["error"]))

    def start(self, background: bool = False) -> None:
        """Take what is already in the inbox, then watch it (in a thread when `background`)."""
        from watchdog.observers import Observer

        self.inbox.mkdir(parents=True, exist_ok=True)
        self._report(self.process([self.inbox]))
        self._observer = Observer()
        self._observer.schedule(self._handler(), str(self.inbox), recursive=True)
        self._observer.start()
        self.say(message("watch.started", inbox=str(self.inbox), out=str(self.out)))
        if background:
            self._thread = threading.Thread(target=self._loop, name="notices-watch", daemon=True)
            self._thread.start()

    def run(self) -> None:
        """Watch until stopped (Ctrl-C raises KeyboardInterrupt here, which stops cleanly)."""
        try:
            self._loop()
        finally:
            self.stop()

    def stop(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=10)
            self._observer = None
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=60)
            self._thread = None
