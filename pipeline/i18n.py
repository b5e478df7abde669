"""The interface language: every text a person reads comes from one catalogue,
pipeline/locale/messages.yaml, which gives each message by key in Chinese (zh) and English (en).

- Code names a message by its key: `message("file.empty")` is a `Message`, a str whose value is
  the English message (English is the source language: logs, records and errors.yaml keep
  it) and which remembers its key and values, so it can be said again in another language.
  Exceptions for people (`LoadError`, `UserError`, `RulesError`) carry one.
- `Messages(lang)` says it: `msg(a_text)` or `msg("key", n=3)`, and names values whose ids
  stay English in the records: `msg.level("county")`, `msg.field("doc_number")`,
  `msg.label("topics", id)` (topic and requirement names from the `zh` fields of
  rules/taxonomy.yaml), `msg.kind("deadline_kind", "submission")`.
- A text read back from a file (a warning in a record, an error in errors.yaml or the
  manifest) is a plain string again: `parse_stored` finds its key in the sections stored
  on disk (`file`, `note`, `oserror`), whose English templates were made to be read back, and
  `msg.render(value)` says a Message, a stored string or anything else in msg's language.
- The language is `--lang` when given, else NOTICES_LANG, else Chinese when the locale
  (LC_ALL, LC_MESSAGES, LANG, LANGUAGE) is Chinese, else English.  No process-wide state:
  the command line makes one Messages and passes it on; library functions that write for
  people take one (`msg=`) and default to Chinese, the language of their readers.

Values of a message are filled in as given, except: a Message is said in the same language;
a list is joined (`fields`: record field ids, named by their labels; `lines`: one item a line).
"""
from __future__ import annotations

import functools
import os
import re
import string
from pathlib import Path

import yaml

CATALOGUE = Path(__file__).parent / "locale" / "messages.yaml"
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"            # what library functions writing for people use when not told
STORED_SECTIONS = ("file.", "note.", "oserror.")   # texts kept on disk in English, read back by parse_stored
NESTED = {"error", "reason", "format", "todo", "kind"}   # placeholders of stored texts that hold another one


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
    # libyaml's loader when PyYAML has it: every command reads the catalogue at start-up, and the
    # pure-Python parser took 80 ms of a one-notice ingest's second (tests compare the two)
    raw = yaml.load(CATALOGUE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: dict):
        for k, v in node.items():
            key = f"{prefix}.{k}" if prefix else str(k)
            if isinstance(v, dict) and v and set(v) <= set(LANGS):
                flat[key] = v
            elif isinstance(v, dict):
                walk(key, v)
            else:
                raise ValueError(f"{CATALOGUE.name}: {key} needs zh and en texts")

    walk("", raw)
    return flat


def _entry(key: str) -> dict[str, str]:
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"no message {key!r} in {CATALOGUE.name}")
    return entry


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# ---------------------------------------------------------------- a message not yet said
class Message(str):
    """A message by catalogue key and values; as a str it is the English text."""

    key: str
    values: dict

    def __new__(cls, key: str, values: dict | None = None):
        values = dict(values or {})
        self = super().__new__(cls, _entry(key)["en"].format(**{k: _plain(k, v) for k, v in values.items()}))
        self.key, self.values = key, values
        return self

    def __reduce__(self):
        # a worker process sends its errors back as Texts: rebuilt from key and values
        return (Message, (self.key, self.values))

    def __repr__(self) -> str:
        return f"Message({self.key!r}, {self.values!r})"


def message(key: str, **values) -> Message:
    """The message `key` with its values: English as a str, any language through Messages."""
    return Message(key, values)


def _plain(name: str, value):
    """A value in the English (stored) form of a message: field ids as they are."""
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
        return "".join("\n  " + i for i in items) if name == "lines" else ", ".join(items)
    return value


# ---------------------------------------------------------------- texts read back from files
@functools.lru_cache(maxsize=1)
def _stored_patterns() -> list[tuple[str, re.Pattern]]:
    """(key, pattern of its English form) of every stored message, the most specific first."""
    items = []
    for key, entry in catalogue().items():
        if not key.startswith(STORED_SECTIONS):
            continue
        parts, literal = [], 0
        for lit, name, _, _ in string.Formatter().parse(entry["en"]):
            parts.append(re.escape(lit))
            literal += len(lit)
            if name:
                parts.append(f"(?P<{name}>.+?)" if name != "lines" else f"(?P<{name}>(?:\n  .*)+)")
        items.append((literal, key, re.compile("".join(parts), re.S)))
    return [(k, p) for _, k, p in sorted(items, key=lambda x: (-x[0], x[1]))]


def parse_stored(s, depth: int = 0):
    """A string kept in a record or errors.yaml as the Message it was made from (the string when none fits)."""
    if isinstance(s, Message) or not isinstance(s, str) or not s or depth > 4:
        return s
    for key, pattern in _stored_patterns():
        m = pattern.fullmatch(s)
        if m:
            values = {}
            for name, v in m.groupdict().items():
                if name == "fields":
                    values[name] = v.split(", ")
                elif name == "lines":
                    values[name] = [parse_stored(x, depth + 1) for x in v.split("\n  ")[1:]]
                else:   # a file name that happens to read like a message stays a file name
                    values[name] = parse_stored(v, depth + 1) if name in NESTED else v
            return Message(key, values)
    return s


# ---------------------------------------------------------------- saying it
class Messages:
    """Texts of one language: call with a Message, or a catalogue key and the values of its placeholders."""

    def __init__(self, lang: str = DEFAULT_LANG, taxonomy: dict | None = None):
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self._taxonomy = taxonomy

    def __call__(self, key, **values) -> str:
        if isinstance(key, Message):
            key, values = key.key, {**key.values, **values}
        template = _entry(key)[self.lang]
        return template.format(**{k: self._value(k, v) for k, v in values.items()})

    def _value(self, name: str, value):
        if isinstance(value, Message):
            return self(value)
        if isinstance(value, (list, tuple)):
            if name == "fields":
                return self.join(self.field(f) for f in value)
            items = [self._value("", v) for v in value]
            return "".join("\n  " + str(i) for i in items) if name == "lines" else self.join(items)
        return value

    def render(self, value) -> str:
        """A Message, or a string read back from a file (see parse_stored), in this language."""
        value = parse_stored(value)
        return self(value) if isinstance(value, Message) else ("" if value is None else str(value))

    def localize(self, data):
        """A copy of plain data with every Message in it said in this language (for printing a report)."""
        if isinstance(data, Message):
            return self(data)
        if isinstance(data, dict):
            return {k: self.localize(v) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return [self.localize(v) for v in data]
        return data

    def has(self, key: str) -> bool:
        return key in catalogue()

    def kind(self, group: str, value: str | None) -> str:
        """A fixed value of a record field (deadline kind, host role…) by its catalogue name."""
        key = f"{group}.{value}"
        return self(key) if value and self.has(key) else (value or "")

    def level(self, level: str | None) -> str:
        return self.kind("level", level or "unknown")

    def field(self, name: str) -> str:
        """A record field (YAML key) by its name for people."""
        return self.kind("field", name)

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

    def join(self, items) -> str:
        return self("list.separator").join(str(i) for i in items)


def as_messages(msg=None) -> Messages:
    """A Messages from a Messages, a language code or None (the default language)."""
    if isinstance(msg, Messages):
        return msg
    return Messages(msg or DEFAULT_LANG)


def os_error(exc: OSError) -> Message:
    """An operating system error (disk full, permission denied) as a message of the catalogue."""
    import errno as _errno

    name = _errno.errorcode.get(exc.errno or 0)
    if name and f"oserror.{name}" in catalogue():
        return message(f"oserror.{name}")
    return message("oserror.other", name=name or "?", strerror=exc.strerror or exc.__class__.__name__)


def split_lang(argv: list[str]) -> tuple[str | None, list[str]]:
    """`--lang zh|en` (or --lang=…) taken out of argv wherever it stands."""
    rest, lang, i = [], None, 0
    while i < len(argv):
        a = argv[i]
        if a == "--lang" and i + 1 < len(argv):
            lang, i = argv[i + 1], i + 2
            continue
        if a.startswith("--lang="):
            lang = a.split("=", 1)[1]
        else:
            rest.append(a)
        i += 1
    return lang, rest
