"""Importing two dependencies that still reach for pkg_resources, which setuptools 81+ no longer
ships and Python 3.12+ virtualenvs do not have (and which costs 80 ms to import where it is):

- cpca 0.5.5, its last release, reads its table of places at import with
  pkg_resources.resource_stream: without pkg_resources `notices ingest` failed on its first file.
  It is lent a stand-in giving importlib.resources' equivalent of that one function.
- jieba falls back to opening its files by path when pkg_resources cannot be imported: it is
  imported so, the same in every environment.

Only while the library is imported, and only when no one has loaded the real pkg_resources (then
the library gets it, as it would anyway).
"""
from __future__ import annotations

import contextlib
import sys
import types
from importlib import resources

_ABSENT = object()


@contextlib.contextmanager
def _pkg_resources_as(stand_in):
    """`stand_in` in place of pkg_resources while the body imports (None: it cannot be imported)."""
    if sys.modules.get("pkg_resources", _ABSENT) is not _ABSENT:
        yield
        return
    sys.modules["pkg_resources"] = stand_in
    try:
        yield
    finally:
        if sys.modules.get("pkg_resources", _ABSENT) is stand_in:
            del sys.modules["pkg_resources"]


def _resource_stream(package: str, name: str):
    return resources.files(package).joinpath(name).open("rb")


def import_cpca():
    if "cpca" not in sys.modules:
        lent = types.ModuleType("pkg_resources")
        lent.resource_stream = _resource_stream
        with _pkg_resources_as(lent):
            import cpca  # noqa: F401  (reads its table now)
    return sys.modules["cpca"]


def import_jieba():
    if "jieba" not in sys.modules:
        with _pkg_resources_as(None):
            import jieba  # noqa: F401
    return sys.modules["jieba"]
