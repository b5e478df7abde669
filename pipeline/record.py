"""Assembles a record from a file and is the one place that reads and writes record YAML."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

import yaml

from .extract import extract_fields
from .layout import annotate_evidence
from .load import load
from .model import LoadError
from .rules import Rules, load_rules
from .structure import segment

SCHEMA_PATH = Path(__file__).parent / "schema" / "record.schema.json"
FIELD_ORDER = ["id", "source", "doc_number", "doc_number_parts", "issuer", "level", "region", "title",
               "recipients", "issue_date", "themes", "events", "deadlines", "contacts", "hosts", "cites",
               "topics", "requirements", "attachments", "cc", "sections", "completeness", "warnings", "rules_version",
               "evidence", "text"]


class NotANotice(LoadError):
    pass


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def record_id(path: str | os.PathLike) -> str:
    """A file-system-safe id from the file name (the store adds a hash on collisions)."""
    stem = Path(path).stem
    return re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", stem).strip("_") or "notice"


def build_record(path: str | os.PathLike, rules: Rules | None = None, sha: str | None = None) -> dict:
    """File -> record dict; raises LoadError (with a one-line reason) for bad input."""
    rules = rules or load_rules()
    doc = load(path)
    st = segment(doc, rules)
    fields = extract_fields(doc, st, rules)
    if not (fields["title"] or fields["doc_number"] or (fields["issuer"] and fields["issue_date"])):
        if not notice_signs(doc.text, st, rules):
            raise NotANotice("not a notice: no title, 主送机关, document number, signature, 通知如下/特此通知 or 联系人 found")
    warnings = list(doc.warnings)
    missing = fields["completeness"].get("missing") or []
    if missing:
        warnings.append("not found in the text: " + ", ".join(missing))
    rec = {
        "id": record_id(path),
        "source": {"path": str(path), "sha256": sha or sha256_file(path), "format": doc.format, "pages": doc.pages},
        **fields,
        "warnings": warnings,
        "rules_version": rules.version,
    }
    annotate_evidence(rec, doc)  # PDF evidence: the box of its line or table cell, and whether OCR read it
    if doc.metadata.get("published"):
        rec["source"]["published"] = doc.metadata["published"]
    validate(rec)
    return {k: rec[k] for k in FIELD_ORDER if k in rec} | {k: v for k, v in rec.items() if k not in FIELD_ORDER}


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


@functools.lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def validate(rec: dict) -> None:
    errors = sorted(_validator().iter_errors(rec), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        raise ValueError(f"record fails its schema at {'/'.join(map(str, e.path)) or '(top)'}: {e.message}")


# libyaml's C loader and dumper when the wheel has them: records are read back by every later stage
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    pass


def _str_presenter(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def atomic_write(path: str | os.PathLike, text: str) -> None:
    """Write via a temporary file and rename, so a killed run never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
