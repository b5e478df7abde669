"""The small data model every stage passes along: Document, Span, Section."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field


class LoadError(Exception):
    """A file that cannot become a Document; the message (an i18n.Text) is one line for the user."""


class UserError(Exception):
    """A mistake of the user (a bad argument, a missing file): one line (an i18n.Text), exit code 2."""

    exit_code = 2


class NoData(UserError):
    """Nothing to work on (no records yet): one line, exit code 1."""

    exit_code = 1


@dataclass
class Document:
    """Normalised text of one notice plus, for every character, where it came from.

    `text` is what extractors read (simplified characters, PDF spacing repaired,
    wrapped lines joined, one paragraph per line).  `original` has the same length
    and holds the characters as the source wrote them (traditional forms kept), so
    evidence can be quoted faithfully.  `origins` is a sorted list of
    (offset, page, line): the character at `offset` and those after it up to the
    next entry come from that page and source line.
    """

    path: str
    format: str
    text: str
    original: str
    origins: list[tuple[int, int, int]]
    pages: int = 1
    metadata: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def where(self, offset: int) -> tuple[int, int]:
        """(page, line) of the character at `offset`, both 1-based."""
        if not self.origins:
            return (1, 1)
        i = bisect.bisect_right(self.origins, (offset, float("inf"), float("inf"))) - 1
        _, page, line = self.origins[max(i, 0)]
        return (page, line)

    def value(self, span: "Span | None") -> str | None:
        """The extraction form (simplified characters) of what `span` covers; evidence keeps the original."""
        return None if span is None else self.text[span.start:span.end]

    def span(self, start: int, end: int) -> "Span":
        page, line = self.where(start)
        return Span(start, end, self.original[start:end], page, line)

    @property
    def paragraphs(self) -> list[tuple[int, str]]:
        """(offset, text) of every line of `text`."""
        out, pos = [], 0
        for para in self.text.split("\n"):
            out.append((pos, para))
            pos += len(para) + 1
        return out


@dataclass(frozen=True)
class Span:
    """Evidence: where a value was read, as character offsets into Document.text."""

    start: int
    end: int
    text: str
    page: int = 1
    line: int = 1

    def as_dict(self) -> dict:
        return {"span": [self.start, self.end], "page": self.page, "line": self.line, "text": self.text}


@dataclass
class Section:
    """One heading of the body (一、 （一） 1. （1）) and what lies under it."""

    level: int
    marker: str
    heading: str
    start: int
    end: int
    children: list["Section"] = field(default_factory=list)

    def as_dict(self) -> dict:
        d = {"level": self.level, "marker": self.marker, "heading": self.heading, "span": [self.start, self.end]}
        if self.children:
            d["children"] = [c.as_dict() for c in self.children]
        return d


@dataclass
class Structure:
    """GB/T 9704-2012 parts of a notice; each part is a Span or None."""

    issuer_mark: Span | None = None       # 发文机关标志 (…文件)
    doc_number: Span | None = None        # 发文字号
    signer: Span | None = None            # 签发人
    title: Span | None = None
    recipients: Span | None = None        # 主送机关
    body: tuple[int, int] = (0, 0)        # offsets of the body (after 主送, before signature)
    sections: list[Section] = field(default_factory=list)
    attachment_note: Span | None = None   # 附件说明
    attachment_names: list[Span] = field(default_factory=list)
    signature: Span | None = None         # 发文机关署名
    date: Span | None = None              # 成文日期
    note: Span | None = None              # 附注 （此件公开发布）
    cc: Span | None = None                # 抄送
    printer: Span | None = None           # 印发机关和印发日期
    appendix_start: int | None = None     # where the attachment bodies begin
    boilerplate: list[tuple[int, int]] = field(default_factory=list)  # web-page furniture, not the notice
    metadata: dict[str, Span] = field(default_factory=dict)  # 政务公开 block: issuer, doc_number, issue_date
