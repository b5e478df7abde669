"""The interface language: every message a person reads comes from pipeline/locale/messages.yaml.

`Messages(lang)` is passed along (no process-wide state): `msg("ingest.summary", written=3)`
formats the message in Chinese or English; `msg.level("provincial")` and
`msg.label("topics", "smart_elderly")` name values whose ids stay English in the YAML
records (topic and requirement names come from the `zh` fields of rules/taxonomy.yaml).
The language is `--lang` when given, else NOTICES_LANG, else Chinese when the locale
(LC_ALL, LC_MESSAGES, LANG, LANGUAGE) is Chinese, else English.
"""
from __future__ import annotations

import functools
import os
import string
from pathlib import Path

import yaml

CATALOGUE = Path(__file__).parent / "locale" / "messages.yaml"
LANGS = ("zh", "en")


def detect_lang(explicit: str | None = None, env=None) -> str:
    """"zh" or "en": explicit choice, NOTICES_LANG, then the locale variables in POSIX order."""
    env = os.environ if env is None else env
    for value in (explicit, env.get("NOTICES_LANG")):
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var)
        if value:
            # LANGUAGE may list several (zh_CN:en); the first decides
            return "zh" if value.split(":")[0].lower().startswith("zh") else "en"
    return "en"


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Flat {key: {zh, en}} from the nested YAML (sections joined with dots)."""
    raw = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: dict):
        for k, v in node.items():
            key = f"{prefix}.{k}" if prefix else str(k)
            if isinstance(v, dict) and set(v) <= set(LANGS) and v:
                flat[key] = v
            elif isinstance(v, dict):
                walk(key, v)
            else:
                raise ValueError(f"{CATALOGUE.name}: {key} needs zh and en texts")

    walk("", raw)
    return flat


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Messages:
    """Texts of one language; call with a catalogue key and the values of its placeholders."""

    def __init__(self, lang: str = "en", taxonomy: dict | None = None):
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self._taxonomy = taxonomy

    def __call__(self, key: str, **values) -> str:
        entry = catalogue().get(key)
        if entry is None:
            raise KeyError(f"no message {key!r} in {CATALOGUE.name}")
        text = entry.get(self.lang) or entry["en"]
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in catalogue()

    def level(self, level: str | None) -> str:
        return self(f"level.{level or 'unknown'}") if self.has(f"level.{level or 'unknown'}") else str(level)

    def kind(self, group: str, value: str | None) -> str:
        """A fixed value of a record field (deadline kind, host role…) by its catalogue name."""
        key = f"{group}.{value}"
        return self(key) if value and self.has(key) else (value or "")

    @property
    def taxonomy(self) -> dict:
        if self._taxonomy is None:
            from .rules import load_rules

            self._taxonomy = load_rules().taxonomy
        return self._taxonomy

    def label(self, kind: str, ident: str) -> str:
        """A topic or requirement by its Chinese name (zh), or its id made readable (en)."""
        spec = (self.taxonomy.get(kind) or {}).get(ident) or {}
        if self.lang == "zh" and spec.get("zh"):
            return spec["zh"]
        return spec.get("en") or ident.replace("_", " ")

    def note(self, text: str) -> str:
        """A note stored in English in a record (warning, completeness reason) in this language.

        Each `note.*` entry's English text is the pattern; field names inside a matched
        list ("not found in the text: title, doc_number") are named too.
        """
        if self.lang == "en" or not text:
            return text
        for key, entry in catalogue().items():
            if not key.startswith("note."):
                continue
            m = _note_pattern(entry["en"]).fullmatch(text)
            if m:
                values = {k: self.join(self.kind("field", w) for w in v.split(", ")) for k, v in m.groupdict().items()}
                return self(key, **values)
        return text

    def join(self, items) -> str:
        return ("、" if self.lang == "zh" else ", ").join(str(i) for i in items)


@functools.lru_cache(maxsize=64)
def _note_pattern(template: str):
    import re

    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts))


def messages(lang: str | None = None) -> Messages:
    return Messages(detect_lang(lang))
