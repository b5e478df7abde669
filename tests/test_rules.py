"""The rules data itself: shapes, patterns, and that every cue survives jieba's segmentation."""
import pytest

from pipeline.nlp import cue_spans
from pipeline.rules import Rules, RulesError, load_rules


def test_rules_load_and_have_a_version():
    r = load_rules()
    assert len(r.version) == 16
    assert r.re("structure", "doc_number").search("晋教职成函〔2022〕108号")


def test_taxonomy_ids_match_the_shared_spec():
    import yaml
    from tests.conftest import ROOT

    spec = ROOT.parent / "shared" / "spec" / "taxonomy.yaml"
    if not spec.exists():
        pytest.skip("shared/spec not beside the repository")
    shared = yaml.safe_load(spec.read_text(encoding="utf-8"))
    ours = load_rules().taxonomy
    for kind in ("topics", "requirements"):
        assert set(shared[kind]) <= set(ours[kind])


@pytest.mark.parametrize("context", ["各地要{}。", "要按照要求，把{}作为重点", "广泛开展{}等活动，党的{}要求"])
def test_every_cue_is_found_in_running_text(context):
    rules = load_rules()
    for kind in ("topics", "requirements"):
        for label, spec in rules.taxonomy[kind].items():
            for cue in spec["cues"]:
                text = context.format(cue, cue)
                labels = {l for l, _, _ in cue_spans(text, rules)}
                assert f"{kind[:-1]}:{label}" in labels, (cue, text)


def test_broken_rules_fail_at_load(tmp_path):
    import shutil

    d = tmp_path / "rules"
    shutil.copytree(load_rules().directory, d)
    (d / "structure.yaml").write_text("version: 1\ndoc_number: '('\n", encoding="utf-8")
    with pytest.raises(RulesError):
        Rules(d)
