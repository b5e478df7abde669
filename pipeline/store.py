"""Incremental batch ingest: a manifest of content hashes and rules versions, per-file errors."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .load import supported
from .model import LoadError
from .record import atomic_write, build_record, dump_yaml, sha256_file, write_record
from .rules import load_rules

MANIFEST = "manifest.json"


@dataclass
class BatchResult:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (f"{len(self.written)} written, {len(self.skipped)} unchanged, {len(self.failed)} failed"
                f" ({len(self.written) + len(self.skipped) + len(self.failed)} files)")


def collect_files(paths) -> list[Path]:
    """Files named directly, and supported files under named directories (gold files skipped)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and supported(f) and not f.name.endswith(".gold.yaml") and not f.name.startswith("."):
                    out.append(f)
        else:
            out.append(p)
    seen, unique = set(), []
    for f in out:
        key = str(f.resolve())
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _load_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _work(path: str, sha: str, rules_dir: str | None) -> dict:
    """Runs in a worker: one file to one record or one error."""
    rules = load_rules(rules_dir)
    try:
        return {"record": build_record(path, rules, sha)}
    except LoadError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # a bug on one file must not stop the batch
        return {"error": f"internal error: {exc.__class__.__name__}: {exc}"}


def ingest(paths, out_dir, jobs: int = 1, rules_dir: str | None = None, progress: bool | None = None,
           on_written=None) -> BatchResult:
    """Ingest files and directories into `out_dir`/notices, skipping unchanged files."""
    out_dir = Path(out_dir)
    (out_dir / "notices").mkdir(parents=True, exist_ok=True)
    rules = load_rules(rules_dir)
    manifest = _load_manifest(out_dir)
    result = BatchResult()
    files = collect_files(paths)
    todo: list[tuple[str, str]] = []
    ids_in_use = {v.get("id"): k for k, v in manifest.items()}
    for f in files:
        key = str(f.resolve())
        try:
            sha = sha256_file(f) if f.is_file() else ""
        except OSError as exc:
            result.failed.append({"path": str(f), "error": f"unreadable: {exc.strerror}"})
            continue
        if not sha:
            result.failed.append({"path": str(f), "error": "no such file"})
            continue
        entry = manifest.get(key)
        if (entry and entry.get("sha256") == sha and entry.get("rules_version") == rules.version
                and (out_dir / "notices" / f"{entry.get('id')}.yaml").is_file()):
            result.skipped.append(str(f))
            continue
        todo.append((str(f), sha))
    show = progress if progress is not None else (len(todo) >= 20 and sys.stderr.isatty())
    from tqdm import tqdm

    bar = tqdm(total=len(todo), disable=not show, unit="file", file=sys.stderr)

    def handle(path: str, sha: str, res: dict):
        key = str(Path(path).resolve())
        if "error" in res:
            result.failed.append({"path": path, "error": res["error"]})
            print(f"error: {path}: {res['error']}", file=sys.stderr)
            manifest.pop(key, None)
        else:
            rec = res["record"]
            owner = ids_in_use.get(rec["id"])
            if owner is not None and owner != key:
                rec["id"] = f"{rec['id']}-{sha[:8]}"
            ids_in_use[rec["id"]] = key
            write_record(rec, out_dir)
            manifest[key] = {"sha256": sha, "rules_version": rules.version, "id": rec["id"], "path": path}
            result.written.append(path)
            if on_written:
                on_written(rec)
        bar.update(1)

    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futs = {pool.submit(_work, p, s, rules_dir): (p, s) for p, s in todo}
            for fut in as_completed(futs):
                p, s = futs[fut]
                try:
                    res = fut.result()
                except Exception as exc:
                    res = {"error": f"worker failed: {exc.__class__.__name__}: {exc}"}
                handle(p, s, res)
                atomic_write(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    else:
        for p, s in todo:
            handle(p, s, _work(p, s, rules_dir))
            atomic_write(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    bar.close()
    atomic_write(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    atomic_write(out_dir / "errors.yaml", dump_yaml([{**f, "time": stamp} for f in result.failed]))
    from .db import sync

    sync(out_dir)  # DIR/notices.sqlite follows the records
    return result
