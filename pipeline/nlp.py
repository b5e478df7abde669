"""The spaCy pipeline: blank Chinese, one token a character, plus rule components.

Patterns come from rules/ (taxonomy cues, contact cues).  With one token a character a cue
matches wherever its characters stand, whatever word a segmenter would cut around it
(读书活动计划 holds the cue 活动计划), and nothing touches jieba's process-wide dictionary
(line joining in clean.py uses the rules' own tokenizer, Rules.tokenizer).  The pipeline lives
on the Rules object.  Spans keep character offsets, which are the evidence of each label.
"""
from __future__ import annotations

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


def _build(rules: Rules):
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "cues", "phrase_matcher_attr": "TEXT", "overwrite": False})
    ruler.add_patterns(_patterns(rules))
    return nlp


def pipeline(rules: Rules | None = None):
    """The spaCy pipeline of `rules`, built once per Rules object (no cache keyed by a version string)."""
    rules = rules or load_rules()
    nlp = rules.__dict__.get("_nlp")
    if nlp is None:
        nlp = rules.__dict__["_nlp"] = _build(rules)
    return nlp


def cue_spans(text: str, rules: Rules | None = None) -> list[tuple[str, int, int]]:
    """(label, start_char, end_char) of every cue in `text`."""
    doc = pipeline(rules)(text)
    return [(s.label_, s.start_char, s.end_char) for s in doc.spans.get("cues", [])]
