"""The spaCy pipeline: blank Chinese segmented by the rule set's own jieba tokenizer, plus rule components.

Patterns come from rules/ (taxonomy cues, contact cues); the rules' tokenizer knows
every cue (see Rules.tokenizer) so a cue is one token and PhraseMatcher-style patterns
match it.  The pipeline lives on the Rules object: no spaCy or jieba global state, so
the same text gives the same spans whatever was parsed before.  Spans keep character
offsets, which are the evidence of each label.
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


class RulesTokenizer:
    """spaCy tokenizer over a jieba.Tokenizer instance (spaCy's own zh tokenizer calls the global jieba)."""

    def __init__(self, vocab, segmenter):
        self.vocab = vocab
        self.segmenter = segmenter

    def __call__(self, text: str):
        from spacy.tokens import Doc
        from spacy.util import get_words_and_spaces

        words = [w for w in self.segmenter.cut(text, cut_all=False) if w]
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)


def _build(rules: Rules):
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer = RulesTokenizer(nlp.vocab, rules.tokenizer)
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "cues", "phrase_matcher_attr": "TEXT", "overwrite": False})
    ruler.add_patterns(_patterns(rules))
    return nlp


def pipeline(rules: Rules | None = None):
    """The spaCy pipeline of `rules`, built once per Rules object."""
    rules = rules or load_rules()
    nlp = rules.__dict__.get("_nlp")
    if nlp is None:
        nlp = rules.__dict__["_nlp"] = _build(rules)
    return nlp


def cue_spans(text: str, rules: Rules | None = None) -> list[tuple[str, int, int]]:
    """(label, start_char, end_char) of every cue in `text`."""
    doc = pipeline(rules)(text)
    return [(s.label_, s.start_char, s.end_char) for s in doc.spans.get("cues", [])]
