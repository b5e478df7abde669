"""Loads rules/*.yaml once, validates them against a schema and compiles their patterns.

The rules version (a hash of every rules file) goes into each record, so the
incremental store re-processes notices when the rules change.  A Rules object also
carries its own jieba tokenizer (`rules.tokenizer`): the domain words and cues of
this rule set, never jieba's process-wide dictionary, so a file gives the same
record whatever was parsed before it.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path

import yaml

from .i18n import Message, catalogue, message


def _default_dir() -> Path:
    """The packaged rules of an installed wheel, else the repository's top-level rules/."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"  # pyproject.toml maps the top-level rules/ to pipeline._rules
    return packaged if packaged.is_dir() else here.parent / "rules"


DEFAULT_DIR = _default_dir()
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml's loader when the wheel has it: 6x faster


REFERENCE = re.compile(r"<<(\w+\.\w+)>>")


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so a longer cue wins over its prefix."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def any_word(words) -> re.Pattern:
    """A pattern matching any of the literal words (longest first)."""
    return re.compile(f"(?:{alternation(words)})")


class RulesError(Exception):
    """Rules that cannot be used; the message (an i18n.Message) lists every problem."""


def regex_problem(exc: re.error) -> Message:
    """What `re` found wrong with a pattern (its English message is the catalogue's key to the meaning)."""
    keys = sorted((k for k in catalogue() if k.startswith("regex.") and k != "regex.other"), key=len, reverse=True)
    what = next((k for k in keys if str(exc.msg).startswith(catalogue()[k]["en"])), "regex.other")
    return message("rules.bad_regex", problem=message(what), pos=(exc.pos or 0) + 1, detail=str(exc))


class PatternSet:
    """Named compiled patterns of one module; an unknown name is an AttributeError naming the module."""

    def __init__(self, compiled: dict[str, re.Pattern]):
        self.__dict__.update(compiled)


# ---------------------------------------------------------------- the rules object
class Rules:
    """All rule files by name (`rules.structure["cc"]`) plus compiled patterns (`rules.re(...)`)."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.data: dict[str, dict] = {}
        self._compiled: dict[str, re.Pattern] = {}
        digest = hashlib.sha256()
        files = sorted(self.directory.glob("*.yaml"))
        if not files:
            raise RulesError(message("rules.none_found", dir=str(self.directory)))
        problems = []
        raws = {f: f.read_bytes() for f in files}
        for f, raw in raws.items():
            digest.update(f.name.encode() + b"\0" + raw)
        self.version = digest.hexdigest()[:16]
        # rules already expanded and validated by this code come from the user's cache (pipeline/cache.py)
        from . import cache

        here = Path(__file__).parent
        cache_key = cache.key(self.version, (here / "rules.py").read_bytes(), (here / "rules_schema.py").read_bytes())
        cached = cache.load("rules", cache_key)
        if isinstance(cached, dict):
            self.data = cached
            return
        for f, raw in raws.items():
            try:
                self.data[f.stem] = yaml.load(raw, Loader=_YamlLoader) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                problems.append(message("rules.bad_yaml", where=f"rules/{f.name}", line=mark.line + 1 if mark else "?",
                                        column=mark.column + 1 if mark else "?", detail=" ".join(str(exc).split())))
        problems += self._expand_references()
        problems += self._validate()
        if problems:
            raise RulesError(message("rules.problems", n=len(problems), dir=str(self.directory), lines=problems))
        cache.store("rules", cache_key, self.data)

    def _expand_references(self) -> list[Message]:
        """`<<file.key>>` in any rule stands for the list rules/<file>.yaml holds under `key` (or all the
        words of a table of lists there): inside a
        pattern it becomes an alternation of the words, as a list item it is replaced by the words.
        One copy of each vocabulary list (rules/vocab.yaml) serves every pattern that needs it."""
        problems: list[Message] = []

        def words(ref: str, where: str) -> list[str]:
            file, _, key = ref.partition(".")
            value = (self.data.get(file) or {}).get(key)
            if isinstance(value, dict) and all(isinstance(v, list) for v in value.values()):
                value = [w for v in value.values() for w in v]  # a table of lists: all its words
            if value is None:
                problems.append(message("rules.no_list", where=where, ref=ref))
                return []
            if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                return []  # a malformed list: the schema check reports it where it stands
            return value

        def expand(value, where: str):
            if isinstance(value, str):
                return REFERENCE.sub(lambda m: f"(?:{alternation(words(m.group(1), where)) or '(?!)'})", value)
            if isinstance(value, list):
                out = []
                for item in value:
                    whole = REFERENCE.fullmatch(item) if isinstance(item, str) else None
                    out.extend(words(whole.group(1), where) if whole else [expand(item, where)])
                return out
            if isinstance(value, dict):
                return {k: expand(v, f"{where}.{k}") for k, v in value.items()}
            return value

        for name in list(self.data):
            if name != "vocab":
                self.data[name] = expand(self.data[name], f"rules/{name}.yaml")
        return problems

    def _validate(self) -> list[Message]:
        from .rules_schema import REQUIRED_FILES, SCHEMAS, _problems  # pydantic: only when not cached

        problems = [message("rules.missing_file", file=name) for name in REQUIRED_FILES if name not in self.data]
        for name, data in self.data.items():
            if name in SCHEMAS:
                problems += _problems(name, data)
        return problems

    def __getattr__(self, name: str) -> dict:
        data = self.__dict__.get("data", {})
        if name in data:
            return data[name]
        raise AttributeError(name)

    def __getstate__(self):
        # a worker process gets the data and rebuilds its own tokenizer and patterns
        return {"directory": self.directory, "data": self.data, "version": self.version}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._compiled = {}

    def re(self, file: str, key: str, index: int | None = None) -> re.Pattern:
        cache_key = f"{file}.{key}.{index}"
        pat = self._compiled.get(cache_key)
        if pat is None:
            src = self.data[file][key]
            if index is not None:
                src = src[index]
            elif isinstance(src, list):
                src = "|".join(f"(?:{s})" for s in src)
            try:
                pat = re.compile(src)
            except re.error as exc:
                raise RulesError(message("rules.bad_pattern", file=file, key=key, problem=regex_problem(exc))) from exc
            self._compiled[cache_key] = pat
        return pat

    def patterns(self, module: str) -> "PatternSet":
        """The compiled patterns rules/patterns.yaml keeps for one module (`P.target.match(…)`)."""
        cache = self.__dict__.setdefault("_pattern_sets", {})
        ps = cache.get(module)
        if ps is None:
            spec = (self.data.get("patterns") or {}).get(module)
            if not isinstance(spec, dict):
                raise RulesError(message("rules.no_patterns", module=module))
            ps = cache[module] = PatternSet({k: self.re("patterns", module, k) for k in spec})
        return ps

    def cue_words(self) -> list[str]:
        """Every cue of the taxonomy and of contact lines: each must stay one token."""
        words = []
        for kind in ("topics", "requirements"):
            for spec in self.taxonomy[kind].values():
                words += spec["cues"]
        for cues in self.extract["contact_cues"].values():
            words += cues
        return words

    @property
    def tokenizer(self):
        """This rule set's own jieba.Tokenizer: jieba's default dictionary plus the words of
        rules/lexicon.yaml, built on first use; jieba's global dictionary is never touched."""
        tok = self.__dict__.get("_tokenizer")
        if tok is None:
            from .compat import import_jieba

            jieba = import_jieba()

            class Tokenizer(jieba.Tokenizer):
                def get_FREQ(self, word, default=None):  # noqa: N802 (jieba's module-level name)
                    self.check_initialized()
                    return self.FREQ.get(word, default)

                def initialize(self, dictionary=None):
                    # jieba's dictionary a first character at a time, from the user's cache (pipeline/jieba_dict.py)
                    if not self.initialized:
                        from .jieba_dict import default_dictionary

                        self.FREQ, self.total = default_dictionary()
                        self.initialized = True

            jieba.setLogLevel(60)
            tok = Tokenizer()
            for word in (self.data.get("lexicon") or {}).get("words") or []:
                tok.add_word(word, freq=100000)
            self.__dict__["_tokenizer"] = tok
        return tok


def rules_version(directory: str | os.PathLike | None = None) -> str:
    """The version of the rules in `directory` (as `load_rules(directory).version`) without parsing
    them: the store checks its manifest with it, and a run with nothing to parse loads no rules."""
    directory = Path(_resolve(str(directory or os.environ.get("NOTICES_RULES") or DEFAULT_DIR)))
    digest = hashlib.sha256()
    for f in sorted(directory.glob("*.yaml")):
        digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def _load(directory: str) -> Rules:
    return Rules(Path(directory))


def load_rules(directory: str | os.PathLike | None = None) -> Rules:
    """The rules in `directory` (default: $NOTICES_RULES or the packaged rules/), cached."""
    directory = directory or os.environ.get("NOTICES_RULES") or DEFAULT_DIR
    return _load(_resolve(str(directory)))


@functools.lru_cache(maxsize=64)
def _resolve(directory: str) -> str:
    return str(Path(directory).resolve())
