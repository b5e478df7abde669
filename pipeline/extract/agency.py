"""What the agency code (机关代字) of a doc number says about its issuer: rules/agency_codes.yaml.

The longest key that starts the code wins; a place key (province, city, county) counts only when a
department code follows it, so a school's own series (泰机高职) is never read as a city's.  A key
shared by several places is decided by which of them has numbered documents with that department,
else only what all candidates agree on (their level) is said.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from ..rules import Rules

PLACE_LEVELS = {"provinces": "provincial", "cities": "municipal", "counties": "county"}
KEY_FIELDS = {"national": "code", "provinces": "abbr", "cities": "abbr", "counties": "abbr",
              "other_bodies": "abbr", "place_omitted": "prefix"}


@dataclass(frozen=True)
class Agency:
    name: str | None
    level: str | None
    province: str | None = None
    city: str | None = None
    county: str | None = None


class AgencyIndex:
    def __init__(self, data: dict):
        self.data = data
        self.departments: dict = data.get("departments") or {}
        self.keys: list[tuple[str, str, dict]] = sorted(
            ((e[field], table, e) for table, field in KEY_FIELDS.items() for e in data.get(table) or []),
            key=lambda k: -len(k[0]))
        self.exceptions = data.get("known_exceptions") or []

    def department(self, rest: str) -> str | None:
        return max((d for d in self.departments if rest.startswith(d)), key=len, default=None)

    def candidates(self, code: str) -> list[tuple[str, dict, str | None]]:
        """(table, entry, department) of the longest key(s) that fit the code."""
        for length in sorted({len(k) for k, _, _ in self.keys}, reverse=True):
            hits = []
            for key, table, entry in self.keys:
                if len(key) != length or not code.startswith(key):
                    continue
                dept = self.department(code[length:]) if table in PLACE_LEVELS else None
                if table in PLACE_LEVELS and dept is None:
                    continue
                hits.append((table, entry, dept))
            if hits:
                return hits
        return []

    def lookup(self, code: str) -> Agency | None:
        code = code.strip()
        hits = self.candidates(code)
        if not hits:
            return None
        if len(hits) > 1:
            # a shared key: the place that has numbered documents with this department, if only one
            used = [h for h in hits if any(related(ex.get("dept"), h[2]) for ex in h[1].get("examples") or [])]
            hits = used if len(used) == 1 else hits
        found = [self.resolve(code, *h) for h in hits]
        if any(code.startswith(x["code_prefix"]) for x in self.exceptions):
            found += [Agency(x["body"], x["level"]) for x in self.exceptions if code.startswith(x["code_prefix"])]
        if len(found) == 1:
            return found[0]
        return agreement(found)

    def resolve(self, code: str, table: str, entry: dict, dept: str | None) -> Agency:
        if table == "national":
            return Agency(self.national_body(entry, code), "national")
        if table == "other_bodies":
            return Agency(entry["name"], entry.get("level", "other"), entry.get("province"))
        if table == "place_omitted":
            return Agency(None, entry["level"])
        spec = self.departments[dept]
        names = self.templates(table, entry, dept)
        level = spec.get("level") or PLACE_LEVELS[table]
        place = entry["name"]
        return Agency(names[0] if len(names) == 1 else None, level,
                      province=place if table == "provinces" else entry.get("province"),
                      city=place if table == "cities" else entry.get("city"),
                      county=place if table == "counties" else None)

    def templates(self, table: str, entry: dict, dept: str) -> list[str]:
        spec = self.departments[dept]
        if dept in (entry.get("body_overrides") or {}):
            tpl = entry["body_overrides"][dept]
        elif table == "provinces" and entry.get("direct_municipality"):
            tpl = spec.get("direct_municipality", spec["municipal"])
        else:
            tpl = spec["provincial" if table == "provinces" else "municipal"]
        return [t.format(place=entry["name"]) for t in ([tpl] if isinstance(tpl, str) else tpl)]

    @staticmethod
    def national_body(entry: dict, code: str) -> str:
        """教育部's suffix rule (厅 -> 办公厅, 司 -> that 司); other national codes name one body."""
        rest = code[len(entry["code"]):]
        if "office" in entry and "厅" in rest:
            return entry["office"]
        series = entry.get("series") or {}
        if "司" in rest:
            s = max((s for s in series if rest.startswith(s)), key=len, default=None)
            if s:
                return entry["body"] + series[s]
        return entry["body"]


def related(a: str | None, b: str | None) -> bool:
    """Department codes of one family: 教 and 教办, 政 and 政办 (one is the start of the other)."""
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def agreement(found: list[Agency]) -> Agency | None:
    """What several candidate agencies agree on: the level, and the province if they share it."""
    levels = {a.level for a in found}
    if len(levels) != 1:
        return None
    provinces = {a.province for a in found}
    return Agency(None, levels.pop(), provinces.pop() if len(provinces) == 1 else None)


@functools.lru_cache(maxsize=4)
def _index(version: str, rules: Rules) -> AgencyIndex:
    return AgencyIndex(rules.data.get("agency_codes") or {})


def lookup_agency(code: str, rules: Rules) -> Agency | None:
    """The issuing body, level and region an agency code tells (None: it tells nothing for sure)."""
    return _index(rules.version, rules).lookup(code)
