"""A per-user cache of what is costly to build and never changes for the same input: the
validated rules, the jieba dictionary split for lazy loading.  Each entry is a pickle named
by a hash of everything it was built from, so a stale entry is never used (a new one is
built beside it); a cache that cannot be read or written is simply not used.

Where: $NOTICES_CACHE, else $XDG_CACHE_HOME/notice-pipeline, else ~/.cache/notice-pipeline.
`NOTICES_CACHE=off` turns it off.  Each kind of entry keeps its KEEP most recently used versions
(every edit of the rules, every new environment's jieba makes a new one, ~9 MB each): the rest
are removed when a new entry is stored.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

VERSION = 1   # bump when the layout of an entry changes
KEEP = 4      # versions of one kind of entry kept: a few rule folders or environments in turn


def cache_dir() -> Path | None:
    where = os.environ.get("NOTICES_CACHE")
    if where == "off":
        return None
    if where:
        return Path(where)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "notice-pipeline"


def key(*parts: str | bytes) -> str:
    h = hashlib.sha256(f"v{VERSION}".encode())
    for p in parts:
        h.update(b"\0" + (p if isinstance(p, bytes) else p.encode("utf-8", "surrogateescape")))
    return h.hexdigest()[:24]


def path_of(name: str, digest: str, suffix: str = ".pickle") -> Path | None:
    d = cache_dir()
    return None if d is None else d / f"{name}-{digest}{suffix}"


def load(name: str, digest: str):
    """The cached object, or None."""
    p = path_of(name, digest)
    if p is None:
        return None
    try:
        with open(p, "rb") as fh:
            obj = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged entry is rebuilt
        return None
    try:
        os.utime(p)  # its modification time says when it was last used: see prune
    except OSError:
        pass
    return obj


def store(name: str, digest: str, obj) -> None:
    """Keep `obj` (atomically: a reader never sees half an entry); errors are ignored."""
    p = path_of(name, digest)
    if p is None:
        return
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, p)
        prune(name)
    except OSError:
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass


def prune(name: str, keep: int = KEEP) -> None:
    """Remove all but the `keep` most recently used entries of one kind (errors are ignored: another
    process may be removing them too)."""
    d = cache_dir()
    if d is None:
        return
    entries = []
    for p in d.glob(f"{name}-*.pickle"):
        if p.name[len(name) + 1:-len(".pickle")].isalnum():   # rules-<digest>, not rules-x-<digest>
            try:
                entries.append((p.stat().st_mtime_ns, p))
            except OSError:
                pass
    for _, p in sorted(entries, reverse=True)[keep:]:
        try:
            p.unlink()
        except OSError:
            pass
