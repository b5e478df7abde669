"""发文字号: find, normalise to 〔〕 and split into agency code, year and serial."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules import Rules, load_rules


@dataclass(frozen=True)
class DocNumber:
    code: str      # agency code (机关代字), e.g. 晋教职成函
    year: int
    serial: int
    span: tuple[int, int] = (0, 0)

    @property
    def text(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"

    def parts(self) -> dict:
        return {"agency_code": self.code, "year": self.year, "serial": self.serial}


def find_doc_numbers(text: str, rules: Rules | None = None) -> list[DocNumber]:
    """Every document number in `text` with its offsets."""
    rules = rules or load_rules()
    out = []
    P = rules.patterns("docnumber")
    for m in rules.re("structure", "doc_number").finditer(text):
        code = re.sub(r"\s+", "", m.group("code"))
        # a code never starts with the words that introduce it in running text
        code = P.code_lead.sub("", code)
        # function words never stand inside an agency code: what precedes them is running text
        code = P.code_cut.split(code)[-1]
        if not code:
            continue
        at = m.group(0).rfind(code)
        start = m.start() + (at if at >= 0 else 0)
        out.append(DocNumber(code, int(m.group("year")), int(m.group("serial")), (start, m.end())))
    return out


def parse_doc_number(text: str | None, rules: Rules | None = None) -> DocNumber | None:
    if not text:
        return None
    found = find_doc_numbers(text, rules)
    return found[0] if found else None


def normalize_doc_number(text: str | None, rules: Rules | None = None) -> str | None:
    """'教通[2018]6号' -> '教通〔2018〕6号'; None when `text` holds no document number."""
    d = parse_doc_number(text, rules)
    return d.text if d else None
