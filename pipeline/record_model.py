"""The record of one notice, typed: every field, its type and its place in the YAML, in one place.

`Record` validates what the extractors assemble and gives the order of the YAML keys; the JSON
Schema in pipeline/schema/record.schema.json is generated from it (`python -m pipeline.record_model`)
for tools outside Python, and a test keeps the two in step.  Adding a field means adding it here
and filling it in the extractors.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
Level = Literal["national", "provincial", "municipal", "county", "other"]
DeadlineKind = Literal["submission", "registration", "payment", "vote", "event", "task"]
Evidence = dict[str, Any]           # {span, page, line, text} (+ box, ocr for PDFs)
IsoDate = Annotated[str, Field(pattern=ISO_DATE)]
SCHEMA_PATH = Path(__file__).parent / "schema" / "record.schema.json"


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Part):
    path: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    format: Literal["pdf", "txt", "html", "docx"]
    pages: Annotated[int, Field(ge=0)]
    published: IsoDate | None = None   # a web page's 发布日期 (never the 成文日期); absent when none


class DocNumberParts(_Part):
    agency_code: str
    year: int
    serial: int


class Region(_Part):
    province: str | None = None
    city: str | None = None
    county: str | None = None


class Event(_Part):
    what: str | None
    start: IsoDate | None
    end: IsoDate | None
    place: str | None
    tentative: bool
    precision: str
    evidence: Evidence


class Deadline(_Part):
    date: IsoDate
    kind: DeadlineKind
    what: str | None
    submit_to: str | None
    materials: list[str]
    channel: str | None
    contacts: list[str]
    tentative: bool
    precision: str
    wording: str
    evidence: Evidence


class Contact(_Part):
    name: str | None
    org: str | None
    phones: list[str]
    emails: list[str]
    faxes: list[str]
    inferred_area_code: list[str]
    evidence: Evidence


class Hosts(_Part):
    organizer: list[str]
    undertaker: list[str]
    co_organizer: list[str]


class Cite(_Part):
    doc_number: str | None
    title: str | None
    issuer: str | None
    evidence: Evidence


class Completeness(_Part):
    complete: bool
    reasons: list[str]
    missing: list[str] = []


class Record(_Part):
    id: Annotated[str, Field(min_length=1)]
    source: Source
    doc_number: Annotated[str, Field(pattern=r"^.+〔\d{4}〕\d+号$")] | None
    doc_number_parts: DocNumberParts | None
    issuer: str | None
    level: Level | None
    region: Region
    title: str | None
    recipients: list[str]
    issue_date: IsoDate | None
    themes: list[str]
    events: list[Event]
    deadlines: list[Deadline]
    contacts: list[Contact]
    hosts: Hosts
    cites: list[Cite]
    topics: list[str]
    requirements: list[str]
    attachments: list[str]
    cc: list[str]
    sections: list[dict[str, Any]]
    completeness: Completeness
    warnings: list[str]
    rules_version: str
    evidence: dict[str, Any]
    text: str


FIELD_ORDER = list(Record.model_fields)


def part(model: type[_Part], **values) -> dict:
    """One nested part of a record as plain data, its keys in the model's order."""
    return model(**values).model_dump()


def validate(rec: dict) -> None:
    """Raise ValueError naming the first field a record gets wrong."""
    try:
        Record.model_validate(rec)
    except ValidationError as exc:
        e = exc.errors(include_url=False)[0]
        where = "/".join(str(x) for x in e["loc"]) or "(top)"
        raise ValueError(f"record fails its schema at {where}: {e['msg']}") from None


def ordered(rec: dict) -> dict:
    """The record's keys in the model's order (source.published only where a page gave one)."""
    out = {k: rec[k] for k in FIELD_ORDER if k in rec}
    return out | {k: v for k, v in rec.items() if k not in out}


def json_schema() -> dict:
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


if __name__ == "__main__":
    SCHEMA_PATH.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
