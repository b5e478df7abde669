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


# ---------------------------------------------------------------- schema (issue 12)
def _rules_copy(tmp_path):
    import shutil

    d = tmp_path / "rules"
    shutil.copytree(load_rules().directory, d)
    return d


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_bad_entry_is_listed_with_file_and_key(tmp_path):
    d = _rules_copy(tmp_path)
    _edit(d / "structure.yaml", "cc: '^抄\\s*送\\s*[：:]\\s*(?P<rest>.+)$'", "cc: '^抄\\s*送\\s*[：:]\\s*(.+)$'")
    _edit(d / "structure.yaml", "title_endings: '<<vocab.title_words>>", "title_endings: '(<<vocab.title_words>>")
    _edit(d / "extract.yaml", "theme_cues: ['活动主题', '主题', '宣传主题', '年度主题', '主题词']", "theme_cues: 活动主题")
    _edit(d / "dates.yaml", "tentative_cues: [", "tentative_cues: [3, ")
    (d / "levels.yaml").unlink()
    with pytest.raises(RulesError) as err:
        Rules(d)
    text = str(err.value)
    assert "rules/structure.yaml: cc: " in text and "(?P<rest>" in text
    assert "rules/structure.yaml: title_endings: bad regular expression" in text
    assert "rules/extract.yaml: theme_cues: Input should be a valid list" in text
    assert "rules/dates.yaml: tentative_cues.0: " in text
    assert "rules/levels.yaml is missing" in text
    assert text.startswith("5 problem(s)")


def test_taxonomy_label_without_cues_is_named(tmp_path):
    d = _rules_copy(tmp_path)
    _edit(d / "taxonomy.yaml", "    cues:\n    - 二十大精神", "    cuez:\n    - 二十大精神")
    with pytest.raises(RulesError, match=r"rules/taxonomy.yaml: topics.party_congress_study.cues: Field required"):
        Rules(d)


def test_cli_reports_bad_rules_with_exit_2(tmp_path, capsys):
    from pipeline.cli import main
    from tests.conftest import CORPUS

    d = _rules_copy(tmp_path)
    _edit(d / "structure.yaml", "(?P<serial>", "(?P<number>")
    code = main(["ingest", str(CORPUS), "--out", str(tmp_path / "o"), "--rules", str(d)])
    err = capsys.readouterr().err
    assert code == 2 and "rules/structure.yaml: doc_number:" in err and "serial" in err


# ---------------------------------------------------------------- one tokenizer per rule set (issue 12)
def test_the_tokenizer_belongs_to_the_rules_not_to_jieba():
    import jieba

    from pipeline.rules import DEFAULT_DIR

    a, b = Rules(DEFAULT_DIR), Rules(DEFAULT_DIR)
    assert a.tokenizer is not b.tokenizer and a.tokenizer is not jieba.dt
    before = list(a.tokenizer.cut("请各地认真组织活动周拟定于下月举办"))
    jieba.add_word("周拟定于", freq=10**9)  # someone else's global jieba use changes nothing here
    try:
        assert list(a.tokenizer.cut("请各地认真组织活动周拟定于下月举办")) == before
    finally:
        jieba.del_word("周拟定于")


def test_same_file_same_record_whatever_came_before():
    from pipeline.record import build_record, dump_yaml
    from pipeline.rules import DEFAULT_DIR
    from tests.conftest import CORPUS

    files = sorted(CORPUS.glob("*.txt"))
    fresh = Rules(DEFAULT_DIR)
    first = dump_yaml(build_record(files[0], fresh))
    for f in files[1:]:
        build_record(f, fresh)
    assert dump_yaml(build_record(files[0], fresh)) == first
    other = Rules(DEFAULT_DIR)
    build_record(files[-1], other)  # another file first
    assert dump_yaml(build_record(files[0], other)) == first


def test_records_are_byte_identical_across_orders_and_workers(tmp_path):
    from pipeline.store import ingest
    from tests.conftest import CORPUS

    files = sorted(CORPUS.glob("*.txt"))
    ingest(files, tmp_path / "a", jobs=1)
    ingest(list(reversed(files)), tmp_path / "b", jobs=2)
    names = sorted(p.name for p in (tmp_path / "a" / "notices").glob("*.yaml"))
    assert len(names) == len(files)
    for n in names:
        assert (tmp_path / "a" / "notices" / n).read_bytes() == (tmp_path / "b" / "notices" / n).read_bytes(), n


# ---------------------------------------------------------------- packaging (issue 12)
def test_every_package_is_in_the_wheel():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    from tests.conftest import ROOT

    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(conf["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "pipeline").rglob("__init__.py")}
    assert on_disk <= listed, f"add {sorted(on_disk - listed)} to [tool.setuptools] packages in pyproject.toml"
    assert conf["package-dir"]["pipeline._rules"] == "rules"
    assert {p.name for p in (ROOT / "rules").glob("*.yaml")} and "*.yaml" in conf["package-data"]["pipeline._rules"]


def test_dev_corpus_records_do_not_depend_on_order_or_workers(tmp_path):
    """The shared dev corpus (its rule-writing part) in two orders, -j 1 and -j 2: byte-identical records."""
    from pipeline.evaluate import read_stem_list
    from pipeline.store import ingest
    from tests.conftest import ROOT

    dev = ROOT.parent / "shared" / "corpus" / "dev"
    if not dev.is_dir():
        pytest.skip("shared/corpus/dev is not beside the repository")
    held = read_stem_list(ROOT / "tests" / "data" / "validation_split.txt")
    files = sorted(f for f in dev.glob("*.txt") if f.stem not in held)
    ingest(files, tmp_path / "a", jobs=1)
    ingest(list(reversed(files)), tmp_path / "b", jobs=2)
    names = sorted(p.name for p in (tmp_path / "a" / "notices").glob("*.yaml"))
    assert len(names) >= 0.9 * len(files)
    for n in names:
        assert (tmp_path / "a" / "notices" / n).read_bytes() == (tmp_path / "b" / "notices" / n).read_bytes(), n


def test_a_vocabulary_list_is_written_once_and_referenced(tmp_path):
    """<<vocab.KEY>> stands for the list's alternation in a pattern and for its words in a list."""
    rules = load_rules()
    titles = rules.vocab["title_words"]
    assert all(rules.re("structure", "title_endings").search("关于举办活动的" + w) for w in titles)
    d = _rules_copy(tmp_path)
    _edit(d / "structure.yaml", "title_endings: '<<vocab.title_words>>", "title_endings: '<<vocab.no_such_list>>")
    with pytest.raises(RulesError, match="no_such_list"):
        Rules(d)


def test_record_schema_file_is_generated_from_the_typed_record():
    """pipeline/schema/record.schema.json is what `python -m pipeline.record_model` writes."""
    import json

    from pipeline.record_model import SCHEMA_PATH, json_schema

    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == json_schema()


def test_a_record_missing_a_field_or_with_a_wrong_type_is_refused(corpus_records):
    from pipeline.record_model import validate

    rec = dict(next(iter(corpus_records.values())))
    validate(rec)
    with pytest.raises(ValueError, match="deadlines"):
        validate(rec | {"deadlines": [{"date": "2022-13-45x"}]})
    rec.pop("title")
    with pytest.raises(ValueError, match="title"):
        validate(rec)
