"""Assembles a record from a file and is the one place that reads and writes record YAML."""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

import yaml

from .extract import extract_fields
from .layout import annotate_evidence
from .i18n import message
from .load import load
from .model import LoadError
from .rules import Rules, load_rules
from .safe import display_path, sanitize
from .structure import segment

from .record_model import FIELD_ORDER, SCHEMA_PATH, ordered, validate  # noqa: F401 (the record's one definition)


class NotANotice(LoadError):
    pass


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


MAX_ID_BYTES = 120  # file names are at most 255 bytes; the id also names temporary files


def record_id(path: str | os.PathLike) -> str:
    """A file-system-safe id from the file name (the store adds a hash on collisions).

    Any file name works: bytes that are not UTF-8 and other odd characters become "_", and a
    long name is cut, with a hash of the whole name so two long names stay apart."""
    stem = Path(path).stem
    rid = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", stem).strip("_").lstrip(".") or "notice"
    if len(rid.encode("utf-8")) > MAX_ID_BYTES:
        digest = hashlib.sha1(os.fsencode(stem)).hexdigest()[:8]
        cut = rid.encode("utf-8")[:MAX_ID_BYTES - 9].decode("utf-8", "ignore").rstrip("_.-")
        rid = f"{cut}-{digest}"
    return rid


def source_path(path: str | os.PathLike) -> str:
    """The file name as a record stores it: bytes that are not UTF-8 and control characters written as \\xNN."""
    return display_path(path)


def build_record(path: str | os.PathLike, rules: Rules | None = None, sha: str | None = None) -> dict:
    """File -> record dict; raises LoadError (with a one-line reason) for bad input."""
    rules = rules or load_rules()
    doc = load(path, rules=rules)
    return record_from_document(doc, rules, path, sha or sha256_file(path))


def parse_file(path: str | os.PathLike, rules: Rules | None = None) -> dict:
    """One notice file (PDF, TXT, HTML, DOCX) to its record, in one call; LoadError for bad input."""
    return build_record(path, rules)


def parse_text(text: str, name: str = "notice.txt", rules: Rules | None = None) -> dict:
    """The record of a notice given as text (`name` stands for its file name); LoadError when it is no notice."""
    from .clean import build_document, raw_lines_from_text
    from .load.text import check_text

    rules = rules or load_rules()
    doc = build_document(raw_lines_from_text(check_text(text)), name, "txt", rules=rules)
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return record_from_document(doc, rules, name, sha)


MAX_CHARS = 1_000_000  # the longest notices run to a few tens of thousands of characters


def record_from_document(doc, rules: Rules, path: str | os.PathLike, sha: str) -> dict:
    """A loaded Document to its record, validated against the record schema."""
    if len(doc.text) > MAX_CHARS:
        raise LoadError(message("file.too_large_chars", n=len(doc.text), limit=MAX_CHARS))
    st = segment(doc, rules)
    fields = extract_fields(doc, st, rules)
    if not (fields["title"] or fields["doc_number"] or (fields["issuer"] and fields["issue_date"])):
        if not notice_signs(doc.text, st, rules):
            raise NotANotice(message("file.not_a_notice"))
    warnings = list(doc.warnings)
    missing = fields["completeness"].get("missing") or []
    if missing:
        warnings.append(message("note.not_found", fields=missing))
    rec = {
        "id": record_id(path),
        "source": {"path": source_path(path), "sha256": sha, "format": doc.format, "pages": doc.pages},
        **fields,
        "warnings": warnings,
        "rules_version": rules.version,
    }
    annotate_evidence(rec, doc)  # PDF evidence: the box of its line or table cell, and whether OCR read it
    if doc.metadata.get("published"):
        rec["source"]["published"] = doc.metadata["published"]
    validate(rec)
    return ordered(rec)


def notice_signs(text: str, st, rules: Rules) -> list[str]:
    """The signs that `text` is a notice: parts found by `segment`, or wording from rules/structure.yaml."""
    signs = [name for name in ("title", "doc_number") if getattr(st, name) is not None]
    if st.date is not None and st.signature is not None:
        signs.append("signed date")
    for i, _ in enumerate(rules.structure["notice_signs"]):
        m = rules.re("structure", "notice_signs", i).search(text)
        if m:
            signs.append(m.group(0).strip())
    return signs




# libyaml's C loader and dumper when the wheel has them: records are read back by every later stage
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    pass


def _str_presenter(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data) -> str:
    """The one YAML writer: control characters, lone surrogates and bidi overrides never reach a file."""
    return yaml.dump(sanitize(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def _file_mode() -> int:
    """Mode of a new output file: 0666 less the umask, as open() would give (mkstemp gives 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: str | os.PathLike, text, durable: bool = True) -> None:
    """Write via a temporary file and rename, so a killed run never leaves half a file.
    `text`: str, bytes, an iterable of them written piece by piece (a file too large to hold), or
    a function that writes into the open binary file it is given (a library's writer).
    durable=False skips the fsync, for outputs made again from the records on the next run
    (comparison reports, report pages: thousands of files, each fsync a disk flush)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(text):
                text(fh)
            else:
                for piece in [text] if isinstance(text, (str, bytes)) else text:
                    fh.write(piece if isinstance(piece, bytes) else str.encode(piece, "utf-8"))
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def batched(pieces, size: int = 1 << 16):
    """Many small strings joined into pieces of about `size` characters (one write each)."""
    batch, held = [], 0
    for piece in pieces:
        batch.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(batch)
            batch, held = [], 0
    yield "".join(batch)


def write_record(rec: dict, out_dir: str | os.PathLike) -> Path:
    path = Path(out_dir) / "notices" / f"{rec['id']}.yaml"
    atomic_write(path, dump_yaml(rec))
    return path


def read_record(path: str | os.PathLike) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_SafeLoader)


def read_records(out_dir: str | os.PathLike) -> list[dict]:
    d = Path(out_dir) / "notices"
    return [read_record(p) for p in sorted(d.glob("*.yaml"))] if d.is_dir() else []
