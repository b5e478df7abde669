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


# ---------------------------------------------------------------- the command line
# The command line's texts are written in English in the code, the way gettext marks its
# msgids: the `cli` and `help` sections of the catalogue give each English template its
# Chinese form, and the output of a command is translated line by line on its way out.
# Lines that match no template (record contents, file names) pass unchanged.

MIN_LITERAL = 3   # a template needs this much fixed text, or it would match any line


@functools.lru_cache(maxsize=1)
def _cli_templates() -> list[tuple[str, str]]:
    """(English template, key) of the `cli.*` entries, the most specific first."""
    items = [(e["en"], k) for k, e in catalogue().items() if k.startswith(("cli.", "note."))]
    literal = lambda t: sum(len(lit) for lit, _, _, _ in string.Formatter().parse(t))
    return sorted(items, key=lambda x: -literal(x[0]))


@functools.lru_cache(maxsize=1)
def help_texts() -> dict[str, dict[str, str]]:
    """English help text -> {zh, en} (the `help` section: keys are ids, `en` is the msgid)."""
    return {e["en"]: e for k, e in catalogue().items() if k.startswith("help.")}


def translate_line(msg: "Messages", line: str, depth: int = 0) -> str:
    """One line of English output in msg's language (unchanged when no template fits)."""
    if msg.lang == "en" or not line.strip() or depth > 3:
        return line
    lead = line[: len(line) - len(line.lstrip())]
    body = line.strip()
    for template, key in _cli_templates():
        m = _note_pattern(template).fullmatch(body)
        if m:
            values = {k: translate_line(msg, v, depth + 1) for k, v in m.groupdict().items()}
            if key.startswith("note."):
                values = {k: msg.join(msg.kind("field", w) for w in v.split(", ")) for k, v in values.items()}
            return lead + msg(key, **values)
    return line


class TranslatingStream:
    """A text stream that translates each complete line before passing it on."""

    def __init__(self, stream, msg: "Messages"):
        self.stream, self.msg, self._buf = stream, msg, ""

    def write(self, text: str) -> int:
        self._buf += text
        while "\n" in self._buf:
            line, self._buf = self._buf.split("\n", 1)
            self.stream.write(translate_line(self.msg, line) + "\n")
        if "\r" in self._buf:            # a progress bar redrawing itself: pass it through
            self.stream.write(self._buf)
            self._buf = ""
        return len(text)

    def flush(self) -> None:
        if self._buf:
            self.stream.write(translate_line(self.msg, self._buf))
            self._buf = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self):
        return getattr(self.stream, "encoding", "utf-8")


def localize_parser(parser, msg: "Messages") -> None:
    """Help texts, section titles and the usage line of `parser` and its subcommands in msg's language."""
    import argparse

    if msg.lang == "en":
        return
    table = help_texts()
    stack, seen = [parser], set()
    while stack:
        p = stack.pop()
        if id(p) in seen:
            continue
        seen.add(id(p))
        if p.description in table:
            p.description = table[p.description]["zh"]
        for group in p._action_groups:
            if group.title in table:
                group.title = table[group.title]["zh"]
        for action in p._actions:
            if action.help in table:
                action.help = table[action.help]["zh"]
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if choice.help in table:
                        choice.help = table[choice.help]["zh"]
                stack.extend(action.choices.values())


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
