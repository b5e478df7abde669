"""jieba's dictionary, loaded a first character at a time.

A jieba.Tokenizer loads its whole prefix dictionary (half a million entries, 0.4-1 s of CPU)
before its first cut, yet the pipeline asks it about a few dozen short strings a notice (does a
line break fall inside a word, is 报 part of 申报).  Every key jieba looks up while cutting, and
every prefix of a word, starts with the character the cut starts from, so the dictionary is
split by first character into the user's cache (pipeline/cache.py, built once from jieba's own
dictionary) and a bucket is read only when a key with its first character is asked for.  The
tokenizer sees the same keys and frequencies, so it cuts exactly as before.
"""
from __future__ import annotations

import marshal
import os

from . import cache
from .compat import import_jieba


class LazyFreq(dict):
    """jieba's FREQ mapping; a first character's entries are read on first use (before any write,
    so a word added with add_word is never overwritten by the dictionary's entry)."""

    def __init__(self, buckets: dict[str, bytes]):
        super().__init__()
        self._buckets = buckets

    def _load(self, key: str) -> None:
        if key:
            raw = self._buckets.pop(key[0], None)
            if raw is not None:
                for k, v in marshal.loads(raw).items():
                    dict.setdefault(self, k, v)

    def __contains__(self, key) -> bool:
        self._load(key)
        return dict.__contains__(self, key)

    def __getitem__(self, key):
        self._load(key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        self._load(key)
        return dict.get(self, key, default)

    def __setitem__(self, key, value) -> None:
        self._load(key)
        dict.__setitem__(self, key, value)

    def __reduce__(self):  # a copy (pickled to a worker) is a plain dict with everything loaded
        for first in list(self._buckets):
            self._load(first)
        return (dict, (dict(self),))


def _source() -> tuple[str, str]:
    jieba = import_jieba()

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    st = os.stat(path)
    return path, cache.key("jieba", jieba.__version__, str(st.st_size), str(st.st_mtime_ns))


def _split(freq: dict[str, int]) -> dict[str, bytes]:
    by_first: dict[str, dict[str, int]] = {}
    for k, v in freq.items():
        by_first.setdefault(k[0], {})[k] = v
    return {c: marshal.dumps(d) for c, d in by_first.items()}


def default_dictionary() -> tuple[dict, int]:
    """(FREQ, total) of jieba's default dictionary, FREQ lazy when the cache can hold it."""
    jieba = import_jieba()

    if cache.cache_dir() is None:
        plain = jieba.Tokenizer()
        plain.initialize()
        return plain.FREQ, plain.total
    _, digest = _source()
    entry = cache.load("jieba-dict", digest)
    if not (isinstance(entry, tuple) and len(entry) == 2):
        plain = jieba.Tokenizer()
        plain.initialize()
        entry = (_split(plain.FREQ), plain.total)
        cache.store("jieba-dict", digest, entry)
    buckets, total = entry
    return LazyFreq(dict(buckets)), total
