"""The cue matcher gives what spaCy's character pipeline with a SpanRuler gave (issue 13 replaced
it: importing spaCy cost every cold run 0.7-1 s); checked against spaCy itself when installed."""
import pytest

from pipeline.nlp import PhraseMatcher, _patterns, cue_spans, murmurhash64a, tokens
from pipeline.rules import load_rules
from tests.conftest import CORPUS

TRICKY = ["活动计划", "活动 计划", "活动  计划", "活动\n计划", " 活动计划 ", "活动\u3000计划", "哈哈哈",
          "　　一、举办读书活动计划。\n\n二、 工作总结 报送", "", " ", "\n\n", "a b  c\td"]


def _spacy(rules):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed: nothing to compare with")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "cues", "phrase_matcher_attr": "TEXT", "overwrite": False})
    ruler.add_patterns(_patterns(rules))
    return nlp


def test_same_spans_as_spacy_on_every_corpus_text():
    rules = load_rules()
    nlp = _spacy(rules)
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] + TRICKY
    for text in texts:
        doc = nlp(text)
        want = [(s.label_, s.start_char, s.end_char) for s in doc.spans.get("cues", [])]
        assert cue_spans(text, rules) == want, text[:40]


def test_tokens_as_spacy_cuts_them():
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed: nothing to compare with")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    for text in TRICKY:
        assert [(t.text, t.idx) for t in nlp.make_doc(text)] == tokens(text), repr(text)


def test_labels_ordered_by_spacys_string_hash():
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed: nothing to compare with")
    strings = spacy.strings.StringStore()
    for label in ["topic:reading", "requirement:summary_report", "contact_cue:person", "a", "12345678", "一二三四五六七八九"]:
        assert murmurhash64a(label.encode("utf-8")) == strings.add(label)


@pytest.mark.parametrize("text,want", [
    ("读书活动计划", [("x", 2, 6)]),          # inside a longer word
    ("活动 计划", [("x", 0, 5)]),             # across one space
    ("活动\n计划", []),                       # never across a line break
    ("活动计划活动计划", [("x", 0, 4), ("x", 4, 8)]),
])
def test_phrases_match_by_characters(text, want):
    assert PhraseMatcher([{"label": "x", "pattern": "活动计划"}])(text) == want


def test_overlapping_and_nested_matches_all_count():
    m = PhraseMatcher([{"label": "a", "pattern": "哈哈"}, {"label": "b", "pattern": "哈"}])
    assert [(a, b) for _, a, b in m("哈哈哈")] == [(0, 1), (0, 2), (1, 2), (1, 3), (2, 3)]
