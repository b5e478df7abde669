"""The spaCy pipeline: blank Chinese with the jieba segmenter plus rule components.

Patterns come from rules/ (taxonomy cues, contact cues); jieba's dictionary gets
every cue so a cue is one token and PhraseMatcher-style patterns match it.  Spans
keep character offsets, which are the evidence of each label.
"""
from __future__ import annotations

import functools

from .rules import Rules, load_rules


def _patterns(rules: Rules) -> list[dict]:
    pats = []
    for kind in ("topics", "requirements"):
        for label, spec in rules.taxonomy[kind].items():
            for cue in spec["cues"]:
                pats.append({"label": f"{kind[:-1]}:{label}", "pattern": cue})
    for role, cues in rules.extract["contact_cues"].items():
        for cue in cues:
            pats.append({"label": f"contact_cue:{role}", "pattern": cue})
    return pats


@functools.lru_cache(maxsize=2)
def _build(version: str, rules: Rules):
    import jieba
    import spacy

    jieba.setLogLevel(60)
    pats = _patterns(rules)
    for word in rules.data.get("lexicon", {}).get("words", []):
        jieba.add_word(word, freq=100000)
    for p in pats:
        jieba.add_word(p["pattern"], freq=200000)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "cues", "phrase_matcher_attr": "TEXT", "overwrite": False})
    ruler.add_patterns(pats)
    return nlp


def pipeline(rules: Rules | None = None):
    rules = rules or load_rules()
    return _build(rules.version, rules)


def cue_spans(text: str, rules: Rules | None = None) -> list[tuple[str, int, int]]:
    """(label, start_char, end_char) of every cue in `text`."""
    doc = pipeline(rules)(text)
    return [(s.label_, s.start_char, s.end_char) for s in doc.spans.get("cues", [])]
