"""`notices report --out DIR`: a static HTML site in DIR/report/ that needs no network.

Pages: index.html (every notice; sort, filter, search), notices/<id>.html (every field
beside the notice text, each value highlighted at its evidence), calendar.html (month
view, this week first, calendar.ics to subscribe), graph.html (the citation graph as a
hierarchy, ECharts shipped in assets/vendor), implementation.html (which places below a
directive have an implementing notice) and compare/<id>.html.  Every string goes
through Jinja2 autoescaping, data for scripts sits in <script type="application/json">
blocks or in data/*.js files, and each page carries a Content-Security-Policy that
allows scripts from the site itself only, so the text of a notice can never run.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import filecmp
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..i18n import Messages
from ..record import atomic_write

HERE = Path(__file__).parent
STATIC = HERE / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'")
REPORT_DIR = "report"


@dataclass
class ReportResult:
    directory: Path
    notices: int = 0
    pages: int = 0   # pages written


def page_name(record_id: str) -> str:
    return f"{record_id}.html"


def href(record_id: str, root: str = "") -> str:
    return f"{root}notices/{quote(page_name(record_id))}"


def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


def _js_safe(text: str) -> str:
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def js_data(name: str, data) -> str:
    """A data file for <script src>: one assignment of JSON, with nothing that could end the script early."""
    return f"window.{name} = {_js_safe(json.dumps(data, ensure_ascii=False, separators=(',', ':'), default=str))};\n"


def js_data_chunks(name: str, pairs):
    """js_data(name, dict(pairs)) in pieces, for a mapping too large to hold (every notice's text)."""
    yield f"window.{name} = {{"
    for i, (key, value) in enumerate(pairs):
        yield ("," if i else "") + _js_safe(json.dumps(key, ensure_ascii=False) + ":" + json.dumps(value, ensure_ascii=False))
    yield "};\n"


def _copy_static(site: Path) -> None:
    for src in STATIC.rglob("*"):
        if src.is_file():
            dst = site / "assets" / src.relative_to(STATIC)
            if dst.is_file() and filecmp.cmp(src, dst, shallow=False):
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)


def build_report(out_dir, lang: str = "zh", today: dt.date | None = None, alarms_days=(3, 1)) -> ReportResult:
    """Write DIR/report/ from the records of DIR (pages of removed records are deleted).

    Nothing is held per notice: the lists are written as they are read from the index
    (DIR/notices.sqlite), the calendar items sorted in a temporary file as `notices calendar`
    does, the citation graph, the candidate parents and the names of the pages written kept in
    temporary SQLite files, and each whole record (text, evidence) read when its pages are written."""
    from ..calendar import directory, merged_records, spill_items
    from ..compare import corpus_index
    from ..db import RecordStore
    from .pages import Site

    out = Path(out_dir)
    msg = Messages(lang)
    passes, graph, parents = corpus_index(out)
    items = spill_items(merged_records(out, synced=True), msg=msg)
    store = RecordStore(out)
    site = out / REPORT_DIR
    site.mkdir(parents=True, exist_ok=True)
    _copy_static(site)
    builder = Site(out, site, passes, store, graph, parents, items, directory(items.records()), msg, _env(),
                   today or dt.date.today(), alarms_days)
    try:
        written = builder.write_all()
    finally:
        store.close()
        items.close()
        graph.close()
        parents.close()
    for sub in ("notices", "compare"):
        # os.scandir: one name at a time (pathlib's glob lists the folder, and interns every name)
        if not (site / sub).is_dir():
            continue
        with os.scandir(site / sub) as names:
            for old in names:
                if old.name.endswith(".html") and f"{sub}/{old.name}" not in written:
                    with contextlib.suppress(FileNotFoundError):   # gone meanwhile
                        os.unlink(old.path)
    pages = len(written)
    written.close()
    return ReportResult(site, builder.notices, pages)


def write_text(path: Path, text: str) -> None:
    atomic_write(path, text)
