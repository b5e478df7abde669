"""Repairs what reposting sites do to a notice's text, line by line, before any other cleaning.

- Traditional-character mirrors insert pinyin after characters: 關(guān)于 -> 關于.
- GB->Big5 mirrors drop the full stop before a sentence and shift the next bytes: ?,F -> 。現.
- A character lost in copying inside a Chinese-numeral year: 二�一一年 -> 二〇一一年.
- Variant forms OpenCC leaves as they are: 陜西 -> 陕西.
- Flattened copies put a whole notice on one line: it is split again at the points where GB/T 9704
  starts a new paragraph (see `split_flattened`).

Each function maps a line to a line; the vocabulary lives in rules/repost.yaml.
"""
from __future__ import annotations

import functools
import re
import unicodedata

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PINYIN_GROUP = re.compile(r"[(（]([a-zA-ZüÜāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]{1,7})[)）]")
_SHIFTED = re.compile(r"\?([\x21-\x7e])([^\x00-\x7f]{0,12}?[\x21-\x7e])")
_CN_DIGITS = "〇○零一二三四五六七八九十Ｏ"
_LOST_ZERO = re.compile(f"(?<=[{_CN_DIGITS}])\ufffd(?=[{_CN_DIGITS}]{{0,3}}年)|(?<=[{_CN_DIGITS}]{{2}})\ufffd(?=[{_CN_DIGITS}])")


def _toneless(syllable: str) -> str:
    s = unicodedata.normalize("NFD", syllable.lower())
    return "".join(c for c in s if not unicodedata.combining(c)).replace("ü", "v")


@functools.lru_cache(maxsize=8)
def _syllables(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


def strip_pinyin(line: str, syllables: frozenset[str]) -> str:
    """Drop parenthesised pinyin right after a CJK character (or after another dropped group)."""
    if "(" not in line and "（" not in line:
        return line
    out, pos, last_kept = [], 0, None
    for m in _PINYIN_GROUP.finditer(line):
        before = line[pos:m.start()]
        prev = before[-1:] or last_kept
        if prev and re.match(f"[{CJK}]", prev) and _toneless(m.group(1)) in syllables:
            out.append(before)
            pos = m.end()
            last_kept = prev  # "學(xue)(xue)" : the second group follows the same character
            continue
        out.append(line[pos:m.end()])
        pos = m.end()
        last_kept = None
    out.append(line[pos:])
    return "".join(out)


def repair_shifted_bytes(line: str, encoding: str = "gbk") -> str:
    """'?,F' -> '。現': a lost full stop took the high bit of the next byte and shifted the rest.

    The ASCII character after '?' is that byte without its high bit; the characters after it are
    decoded one byte off up to the next ASCII character, which is the stray last byte.  The repair
    is kept only when it decodes cleanly into CJK characters.
    """
    if "?" not in line:
        return line

    def fix(m: re.Match) -> str:
        try:
            raw = bytes([ord(m.group(1)) | 0x80]) + m.group(2).encode(encoding)
            text = raw.decode(encoding)
        except (UnicodeError, ValueError):
            return m.group(0)
        if not text or not all(re.match(f"[{CJK}]", c) for c in text):
            return m.group(0)
        following = m.string[m.end():m.end() + 1]
        if following and following.isascii() and following.isalnum():
            return m.group(0)  # "?nbsp;": an HTML entity, not shifted bytes
        return "。" + text

    return _SHIFTED.sub(fix, line)


def restore_lost_zero(line: str) -> str:
    """二�一一年 -> 二〇一一年: the one character such years lose is the zero."""
    return _LOST_ZERO.sub("〇", line) if "\ufffd" in line else line


def fold_variants(line: str, variants: dict[str, str]) -> str:
    return "".join(variants.get(c, c) for c in line) if any(c in variants for c in line) else line


def repair_line(line: str, data: dict) -> str:
    """Every repair of rules/repost.yaml (`data`) applied to one line."""
    line = repair_shifted_bytes(line, data.get("shifted_encoding", "gbk"))
    line = strip_pinyin(line, _syllables(tuple(data["pinyin_syllables"])))
    line = restore_lost_zero(line)
    return fold_variants(line, data.get("variants") or {})


@functools.lru_cache(maxsize=8)
def _break_patterns(rules_version: str, spec: tuple) -> tuple[list[re.Pattern], list[re.Pattern]]:
    any_line, long_lines = spec
    build = lambda pairs: [re.compile(f"({b})[ \t\u3000]+(?={a})") for b, a in pairs]
    return build(any_line), build(long_lines)


def split_flattened(line: str, data: dict, rules_version: str = "") -> list[str]:
    """A line holding several parts of a notice (a flattened web copy) split where GB/T 9704 breaks."""
    spec = data.get("flattened_breaks") or {}
    pairs = lambda key: tuple((d.get("before", ""), d["after"]) for d in spec.get(key) or [])
    any_line, long_lines = _break_patterns(rules_version, (pairs("any_line"), pairs("long_lines")))
    glued = spec.get("glued_recipients")
    if glued:
        m = re.match(glued, line.strip())
        if m:
            lead = len(line) - len(line.lstrip())
            return [line[:lead + m.end()]] + split_flattened(line[lead + m.end():], data, rules_version)
    pats = any_line + (long_lines if len(line.strip()) >= spec.get("min_length", 100) else [])
    for pat in pats:
        line = pat.sub(lambda m: m.group(1) + "\n", line)
    return line.split("\n")
