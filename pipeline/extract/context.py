"""What every extractor reads: the document, its structure, the rules, and the notice's text
with web-page furniture blanked out (same offsets as Document.text)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model import Document, Span, Structure
from ..rules import Rules

SENTENCE_END = "。；;！？!?"


@dataclass
class Context:
    doc: Document
    st: Structure
    rules: Rules
    base: dt.date | None = None          # issue date, for dates without a year
    base_source: str | None = None       # where `base` came from: issue_date, printer, doc_number, title, published
    not_before: dt.date | None = None    # the latest reading of a 成文日期 copied without 年月日 (2025115)
    issuer: str | None = None
    region: dict = field(default_factory=dict)
    text: str = ""                       # Document.text with boilerplate blanked

    @classmethod
    def build(cls, doc: Document, st: Structure, rules: Rules) -> "Context":
        chars = list(doc.text)
        for a, b in st.boilerplate:
            for i in range(a, min(b, len(chars))):
                if chars[i] != "\n":
                    chars[i] = " "
        return cls(doc=doc, st=st, rules=rules, text="".join(chars))

    @property
    def body(self) -> tuple[int, int]:
        """Body plus attachment note and signature block: where obligations and contacts are."""
        a, b = self.st.body
        end = b
        for part in (self.st.attachment_note, self.st.signature, self.st.date, self.st.note):
            if part is not None:
                end = max(end, part.end)
        return a, end

    @property
    def own_start(self) -> int:
        """Where the notice's own text begins: the body, or, when sentences stand above the
        "title" (a heading or an annexed plan's name misread as the title), the first of them."""
        lo = self.st.body[0]
        if self.st.title is None:
            return lo
        above = list(re.finditer(r"(?m)^[^\n]*。[^\n]*$", self.text[:self.st.title.start]))
        return above[0].start() if len(above) >= 2 else lo

    def span(self, start: int, end: int) -> Span:
        return self.doc.span(start, end)

    def sentence_bounds(self, offset: int, limit: tuple[int, int] | None = None) -> tuple[int, int]:
        """The sentence (up to 。；, or the paragraph end) that holds `offset`."""
        lo, hi = limit or (0, len(self.text))
        s = offset
        while s > lo and self.text[s - 1] not in SENTENCE_END + "\n":
            s -= 1
        e = offset
        while e < hi and self.text[e] not in SENTENCE_END + "\n":
            e += 1
        return s, e

    def paragraph_bounds(self, offset: int) -> tuple[int, int]:
        s = self.text.rfind("\n", 0, offset) + 1
        e = self.text.find("\n", offset)
        return s, (len(self.text) if e < 0 else e)

    def resolve_self(self, name: str | None) -> str | None:
        """我厅 / 我局 / 本单位 … -> the issuer's name."""
        if not name:
            return name
        for ref in sorted(self.rules.extract["self_refs"], key=len, reverse=True):
            if name.startswith(ref):
                return self.issuer or name
        # "市教育局" in a notice of 临沂市教育局: a unit named by its level alone is the issuer
        if self.issuer and name[:1] in "省市区县" and len(name) > 2 and self.issuer.endswith(name) and self.issuer != name:
            return self.issuer
        return name


def split_list(text: str, separators: re.Pattern) -> list[str]:
    """'A、B和C' -> ['A', 'B', 'C'] at the separators of Chinese enumerations (rules: context)."""
    parts = separators.split(text)
    return [p.strip() for p in parts if p and p.strip()]


def strip_brackets(text: str) -> str:
    return re.sub(r"[（(][^（）()]*[）)]", "", text).strip()
