"""The schema of rules/*.yaml (pydantic), kept apart from pipeline/rules.py so that a run whose
rules come validated from the user's cache never imports pydantic (0.15 s of a cold start).

Every regex compiles, the named groups the code reads are there, lists are lists; one error
lists every bad entry with its file and key.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from .i18n import Message, catalogue, message
from .rules import regex_problem


# ---------------------------------------------------------------- schema
def _compiles(src: str) -> str:
    try:
        re.compile(src)
    except re.error as exc:
        raise ValueError(regex_problem(exc)) from None
    return src


def _with_groups(*groups: str):
    """A regex that must define the named groups the code reads (m.group("rest") …)."""

    def check(src: str) -> str:
        missing = [g for g in groups if g not in re.compile(src).groupindex]
        if missing:
            raise ValueError(message("rules.needs_groups", groups=[f"(?P<{g}>…)" for g in missing]))
        return src

    return Annotated[StrictStr, AfterValidator(_compiles), AfterValidator(check)]


Regex = Annotated[StrictStr, AfterValidator(_compiles)]
Word = Annotated[StrictStr, Field(min_length=1)]
Words = list[Word]             # a YAML string here is an error, never a list of characters
NonEmptyWords = Annotated[list[Word], Field(min_length=1)]


class _File(BaseModel):
    # other keys are allowed: a helper adding a list does not have to touch this schema first
    model_config = ConfigDict(extra="allow")
    version: StrictInt | None = None


class StructureRules(_File):
    doc_number: _with_groups("code", "year", "serial")
    headings: Annotated[list[Regex], Field(min_length=1)]
    title_endings: Regex
    recipients: Regex
    boilerplate: list[Regex]
    cc: _with_groups("rest")
    note: Regex
    notice_signs: list[Regex]
    issuer_mark: _with_groups("org")
    org_line: Regex
    attachment_note: _with_groups("rest")
    appendix_start: Regex
    printer: Regex
    seal_line: Regex
    signer: Regex
    date_line: Regex
    signed_date_line: _with_groups("org")
    compact_date_line: Regex
    after_date: Regex
    not_recipients: Regex
    sentence_end: Regex
    label_line: Regex
    attachment_numbering: Regex
    attachment_extension: Regex
    not_attachment: Regex
    attachment_quoted: Regex
    attachment_inline: Regex
    attachment_inline_after: Regex | None = None
    attachment_inline_bare: Regex | None = None
    attachment_lead_words: Words | None = None
    metadata_fields: dict[StrictStr, Regex]
    footer_start: Regex | None = None
    paragraph_start: Regex
    heading_sentence: Regex
    broken_date_end: Regex
    broken_date_start: Regex
    recipients_start: Regex
    title_line_end: Regex


Level = Literal["national", "provincial", "municipal", "county", "other"]


class LevelsRules(_File):
    national: Words
    other_markers: Words
    government_markers: Words
    province_abbr: dict[StrictStr, StrictStr]
    county_name: Regex
    city_name: Regex
    province_name: Regex
    national_name: Regex
    page_source: _with_groups("org")
    municipality_names: Regex
    own_level_prefixes: dict[StrictStr, Words]
    self_reference_levels: dict[Level, Regex]
    addressee_levels: dict[Level, Regex]
    scope_levels: dict[Level, Regex]
    forwarding: Regex
    self_named_actors: dict[Level, Regex]


class AreaCodeRules(_File):
    provinces: dict[StrictStr, StrictStr]
    cities: dict[StrictStr, StrictStr]


class DeadlineCues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    before: Words
    after: Words


MonthDay = Union[StrictInt, Literal["end"]]


class DatesRules(_File):
    cn_digits: dict[StrictStr, StrictInt]
    deadline_cues: DeadlineCues
    tentative_cues: Words
    month_parts: dict[StrictStr, Annotated[list[MonthDay], Field(min_length=2, max_length=2)]]
    relative_months: dict[StrictStr, StrictInt] | None = None
    relative_years: dict[StrictStr, StrictInt] | None = None
    from_now: Words | None = None
    range_separators: Words | None = None
    holidays: dict[StrictStr, Annotated[list[StrictInt], Field(min_length=2, max_length=2)]] | None = None
    clock_words: NonEmptyWords
    whole_day_words: NonEmptyWords
    not_qian_cue: Words
    within_words: NonEmptyWords
    year_end: NonEmptyWords
    date_joiners: NonEmptyWords
    count_units: NonEmptyWords


class ContactCues(BaseModel):
    model_config = ConfigDict(extra="allow")
    person: NonEmptyWords
    phone: NonEmptyWords
    email: NonEmptyWords


class ExtractRules(_File):
    submit_verbs: NonEmptyWords
    event_verbs: NonEmptyWords
    schedule_words: NonEmptyWords
    calendar_verbs: NonEmptyWords
    lapse_words: NonEmptyWords
    objection_conditions: NonEmptyWords
    contact_cues: ContactCues
    host_roles: dict[StrictStr, NonEmptyWords]
    self_refs: Words
    theme_cues: NonEmptyWords
    cite_cues: NonEmptyWords
    org_suffixes: NonEmptyWords
    surnames: Annotated[StrictStr, Field(min_length=1)]       # one character per surname
    compound_surnames: Words
    not_name_chars: StrictStr
    as_of_cues: NonEmptyWords
    as_of_nouns: NonEmptyWords
    person_titles: Words
    contact_verbs: Words
    recipient_marks: Words
    roster_columns: dict[StrictStr, Words]
    venue_suffixes: Words
    host_labels: dict[StrictStr, Words]
    media_suffixes: Words
    host_lead_words: Words
    cite_handed_down: Words
    cite_doc_types: Words
    cite_unbracketed_types: Words
    cite_weak_types: Words
    cite_generic_starts: Words


class Label(BaseModel):
    model_config = ConfigDict(extra="allow")
    zh: StrictStr | None = None
    cues: NonEmptyWords
    exclude: Words = []
    weak: Words = []
    context: Words = []


class TaxonomyRules(_File):
    topics: dict[StrictStr, Label]
    requirements: dict[StrictStr, Label]


class LexiconRules(_File):
    words: Words = []


class PatternsRules(_File):
    """Patterns of each module that are no cue list (rules/patterns.yaml): module -> name -> regex."""
    model_config = ConfigDict(extra="forbid")
    version: StrictInt | None = None
    clean: dict[StrictStr, Regex] = {}
    structure: dict[StrictStr, Regex] = {}
    extract: dict[StrictStr, Regex] = {}
    schedule: dict[StrictStr, Regex] = {}
    dates: dict[StrictStr, Regex] = {}
    contacts: dict[StrictStr, Regex] = {}
    hosts: dict[StrictStr, Regex] = {}
    themes: dict[StrictStr, Regex] = {}
    citations: dict[StrictStr, Regex] = {}
    categories: dict[StrictStr, Regex] = {}
    issuer: dict[StrictStr, Regex] = {}
    docnumber: dict[StrictStr, Regex] = {}
    context: dict[StrictStr, Regex] = {}
    graph: dict[StrictStr, Regex] = {}
    compare: dict[StrictStr, Regex] = {}
    html: dict[StrictStr, Regex] = {}
    repost: dict[StrictStr, Regex] = {}


class VocabRules(_File):
    title_words: NonEmptyWords
    notice_kinds: NonEmptyWords
    org_suffixes: NonEmptyWords


SCHEMAS: dict[str, type[BaseModel]] = {
    "vocab": VocabRules, "patterns": PatternsRules,
    "structure": StructureRules, "levels": LevelsRules, "area_codes": AreaCodeRules, "dates": DatesRules,
    "extract": ExtractRules, "taxonomy": TaxonomyRules, "lexicon": LexiconRules,
}
REQUIRED_FILES = ["structure", "levels", "area_codes", "dates", "extract", "taxonomy", "vocab", "layout", "patterns"]


def _schema_problem(err: dict) -> Message:
    """What pydantic found wrong with one entry, as a message of the catalogue."""
    cause = (err.get("ctx") or {}).get("error")
    if err["type"] == "value_error" and isinstance(cause, ValueError) and cause.args and isinstance(cause.args[0], Message):
        return cause.args[0]   # a check of ours (_compiles, _with_groups) said it already
    detail = err["msg"].removeprefix("Value error, ")
    key = f"rules.{err['type']}"
    return message(key, detail=detail) if key in catalogue() else message("rules.other", detail=detail, type=err["type"])


def _problems(name: str, data: Any) -> list[Message]:
    """Every bad entry of one rules file, as 'rules/<file>.yaml: <key path>: <what is wrong>'."""
    where = f"rules/{name}.yaml"
    if not isinstance(data, dict):
        return [message("rules.not_mapping", where=where, type=type(data).__name__)]
    try:
        SCHEMAS[name].model_validate(data)
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            # pydantic names the branch of a union it tried (`str`, `function-after[...]`): not a key
            loc = [str(x) for x in err["loc"] if not (isinstance(x, str) and ("[" in x or x in ("str", "int", "list")))]
            out.append(message("rules.problem", where=where, path=".".join(loc) or message("rules.top"),
                               problem=_schema_problem(err)))
        return list(dict.fromkeys(out))
    return []
