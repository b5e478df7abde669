"""Loads rules/*.yaml once, checks their shape and compiles their patterns.

The rules version (a hash of every rules file) goes into each record, so the
incremental store re-processes notices when the rules change.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path

import yaml

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "rules"

# file -> keys it must have; patterns under `regex_keys` are compiled at load time
REQUIRED = {
    "structure": ["doc_number", "headings", "title_endings", "recipients", "boilerplate", "cc", "note", "notice_signs",
                  "signer", "date_line", "signed_date_line", "compact_date_line", "after_date", "not_recipients", "label_line",
                  "attachment_note", "attachment_numbering", "attachment_extension", "not_attachment",
                  "attachment_quoted", "attachment_inline",
                  "metadata_fields", "org_line", "issuer_mark", "printer", "seal_line", "appendix_start"],
    "levels": ["national", "other_markers", "government_markers", "province_abbr", "county_name", "city_name",
               "province_name", "national_name", "own_level_prefixes",
               "self_reference_levels", "addressee_levels", "page_source", "scope_levels", "municipality_names"],
    "area_codes": ["provinces", "cities"],
    "dates": ["cn_digits", "deadline_cues", "tentative_cues", "month_parts"],
    "extract": ["submit_verbs", "event_verbs", "schedule_words", "contact_cues", "host_roles", "self_refs", "theme_cues",
                "cite_cues", "org_suffixes", "surnames", "compound_surnames", "not_name_chars", "person_titles", "contact_verbs",
                "recipient_marks", "roster_columns", "venue_suffixes", "host_labels", "host_lead_words",
                "cite_handed_down", "cite_doc_types", "cite_unbracketed_types", "cite_weak_types", "cite_generic_starts"],
    "taxonomy": ["topics", "requirements"],
}


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so a longer cue wins over its prefix."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class RulesError(Exception):
    pass


class Rules:
    """All rule files by name (`rules.structure["cc"]`) plus compiled patterns (`rules.re(...)`)."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.data: dict[str, dict] = {}
        digest = hashlib.sha256()
        files = sorted(self.directory.glob("*.yaml"))
        if not files:
            raise RulesError(f"no rules found in {self.directory}")
        for f in files:
            raw = f.read_bytes()
            digest.update(f.name.encode() + b"\0" + raw)
            try:
                self.data[f.stem] = yaml.safe_load(raw) or {}
            except yaml.YAMLError as exc:
                raise RulesError(f"{f.name}: not valid YAML: {exc}") from exc
        self.version = digest.hexdigest()[:16]
        self._validate()
        self._compiled: dict[str, re.Pattern] = {}

    def _validate(self) -> None:
        for name, keys in REQUIRED.items():
            if name not in self.data:
                raise RulesError(f"rules/{name}.yaml is missing")
            missing = [k for k in keys if k not in self.data[name]]
            if missing:
                raise RulesError(f"rules/{name}.yaml lacks {', '.join(missing)}")
        for label_kind in ("topics", "requirements"):
            for label, spec in self.data["taxonomy"][label_kind].items():
                if not isinstance(spec, dict) or not spec.get("cues"):
                    raise RulesError(f"rules/taxonomy.yaml: {label_kind}.{label} needs cues")
        # compile every pattern once so a bad one fails at load, not mid-batch
        for key in ("doc_number", "title_endings", "recipients", "cc", "note", "issuer_mark", "org_line",
                    "attachment_note", "appendix_start", "printer", "seal_line", "footer_start", "signer", "date_line",
                    "signed_date_line", "compact_date_line", "after_date", "not_recipients", "label_line", "attachment_numbering",
                    "attachment_extension", "not_attachment", "attachment_quoted", "attachment_inline", "attachment_inline_after",
                    "attachment_inline_bare"):
            if key in self.data["structure"]:
                self.re("structure", key)
        for name in self.data["structure"].get("metadata_fields") or {}:
            self.re("structure", "metadata_fields", name)
        levels = self.data["levels"]
        for key in ("county_name", "city_name", "province_name", "national_name", "page_source", "municipality_names", "forwarding"):
            self.re("levels", key)
        for key in ("self_reference_levels", "addressee_levels", "scope_levels", "self_named_actors"):
            for level in levels[key]:
                if level not in ("national", "provincial", "municipal", "county", "other"):
                    raise RulesError(f"rules/levels.yaml {key}: {level} is not a level")
                self.re("levels", key, level)
        for key in ("headings", "notice_signs"):
            for i, _ in enumerate(self.data["structure"][key]):
                self.re("structure", key, i)

    def __getattr__(self, name: str) -> dict:
        data = self.__dict__.get("data", {})
        if name in data:
            return data[name]
        raise AttributeError(name)

    def re(self, file: str, key: str, index: int | None = None) -> re.Pattern:
        cache_key = f"{file}.{key}.{index}"
        pat = self.__dict__.setdefault("_compiled", {}).get(cache_key)
        if pat is None:
            src = self.data[file][key]
            if index is not None:
                src = src[index]
            elif isinstance(src, list):
                src = "|".join(f"(?:{s})" for s in src)
            try:
                pat = re.compile(src)
            except re.error as exc:
                raise RulesError(f"rules/{file}.yaml {key}: bad pattern: {exc}") from exc
            self._compiled[cache_key] = pat
        return pat


@functools.lru_cache(maxsize=4)
def _load(directory: str) -> Rules:
    return Rules(Path(directory))


def load_rules(directory: str | os.PathLike | None = None) -> Rules:
    """The rules in `directory` (default: $NOTICES_RULES or the repository's rules/), cached."""
    directory = directory or os.environ.get("NOTICES_RULES") or DEFAULT_DIR
    return _load(_resolve(str(directory)))


@functools.lru_cache(maxsize=64)
def _resolve(directory: str) -> str:
    return str(Path(directory).resolve())
