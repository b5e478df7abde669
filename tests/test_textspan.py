"""Evidence spans index the record's own `text` (blank lines and line-edge spaces dropped)."""
import re

from hypothesis import given, strategies as st

from tests.conftest import PDF_FIXTURES
from pipeline.record import build_record
from pipeline.textspan import compact_text, move_spans


def test_compact_text_matches_the_old_record_text():
    text = "  山西省教育厅\n\n　　关于举办活动的通知  \n各市教育局："
    compact, pos = compact_text(text)
    assert compact == "\n".join(l.strip() for l in text.split("\n") if l.strip())
    assert len(pos) == len(text) + 1


def test_a_span_after_indented_and_blank_lines_moves_onto_its_words():
    text = "  标题\n\n　　各市应于11月30日前报送。\n"
    a = text.index("各市")
    b = text.index("。") + 1
    compact, pos = compact_text(text)
    rec = {"deadlines": [{"evidence": {"span": [a, b], "text": text[a:b]}}]}
    move_spans(rec, pos)
    s, e = rec["deadlines"][0]["evidence"]["span"]
    assert compact[s:e] == "各市应于11月30日前报送。"


@given(st.lists(st.text(alphabet=" 　\n山西省教育厅通知。", max_size=12), max_size=6), st.data())
def test_any_span_maps_to_the_same_characters_without_whitespace(lines, data):
    text = "\n".join(lines)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    compact, pos = compact_text(text)
    s, e = move_spans({"span": [a, b]}, pos)["span"]
    assert 0 <= s <= e <= len(compact)
    assert re.sub(r"\s", "", compact[s:e]) == re.sub(r"\s", "", text[a:b])


def test_every_evidence_span_of_a_pdf_record_points_at_its_text():
    pdf = sorted(PDF_FIXTURES.glob("*.pdf"))[0]
    rec = build_record(pdf)
    checked = 0

    def walk(x):
        nonlocal checked
        if isinstance(x, dict):
            if "span" in x and "text" in x:
                s, e = x["span"]
                assert re.sub(r"\s", "", rec["text"][s:e]) == re.sub(r"\s", "", x["text"])
                checked += 1
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk({k: v for k, v in rec.items() if k != "text"})
    assert checked > 5
