"""rules/agency_codes.yaml, the 机关代字 lexicon: its shape and its data, read without the pipeline's loader.

The shape tests say what a reader of the file may rely on; the data tests check every example
against the doc-number pattern of rules/structure.yaml and against the lookup the file's header
describes (longest key wins, a place key needs a department code after it), so an entry that
contradicts the rules fails here rather than in a notice.
"""
import re
import unicodedata
from collections import Counter

import pytest
import yaml

from pipeline.extract.agency import AgencyIndex
from tests.conftest import ROOT

RULES = ROOT / "rules"
DEV = ROOT.parent / "shared" / "corpus" / "dev"
VALIDATION = ROOT / "tests" / "data" / "validation_split.txt"

PLACE_TABLES = ("provinces", "cities", "counties")
KEY_TABLES = PLACE_TABLES + ("other_bodies",)
TABLE_LEVEL = {"provinces": "provincial", "cities": "municipal", "counties": "county"}
EVIDENCE = {"own", "cited"}


def _load(name: str) -> dict:
    return yaml.safe_load((RULES / name).read_text(encoding="utf-8"))


AC = _load("agency_codes.yaml")
PROVINCE_ABBR = _load("levels.yaml")["province_abbr"]
PROVINCE_NAMES = set(PROVINCE_ABBR.values())
DOC_NUMBER = re.compile(_load("structure.yaml")["doc_number"])
DEPARTMENTS = AC["departments"]


def _examples():
    """(table, entry key, entry, example) for every example in the file."""
    for table in KEY_TABLES:
        for e in AC[table]:
            for ex in e["examples"]:
                yield table, e["abbr"], e, ex
    for e in AC["national"]:
        for ex in e["examples"]:
            yield "national", e["code"], e, ex
    for e in AC["place_omitted"]:
        for ex in e["examples"]:
            yield "place_omitted", e["prefix"], e, ex
    for e in AC["known_exceptions"]:
        for ex in e["examples"]:
            yield "known_exceptions", e["code_prefix"], e, ex


EXAMPLES = list(_examples())


def _code(doc: str) -> str:
    """The agency code of one doc number. Real numbers are sometimes printed with full-width
    digits and brackets (锡府办［２０１９］３３号); NFKC folds those before the pattern is applied."""
    m = DOC_NUMBER.fullmatch(unicodedata.normalize("NFKC", doc).strip())
    assert m, f"{doc!r} does not parse with structure.yaml doc_number"
    return m.group("code")


INDEX = AgencyIndex(AC)
_department = INDEX.department
_templates = INDEX.templates
_national_body = AgencyIndex.national_body


def _keys():
    """(key, table, entry) for every lookup key of the file."""
    for table in KEY_TABLES:
        for e in AC[table]:
            yield e["abbr"], table, e
    for e in AC["national"]:
        yield e["code"], "national", e
    for e in AC["place_omitted"]:
        yield e["prefix"], "place_omitted", e


KEYS = list(_keys())


def _lookup(code: str) -> list[tuple[str, dict]]:
    """The entries the lookup picks for an agency code (several when the key is ambiguous)."""
    return [(t, e) for t, e, _ in INDEX.candidates(code)]


# --- shape -----------------------------------------------------------------------------------

def test_file_has_every_table_and_the_five_levels():
    assert AC["version"] == 1
    assert AC["levels"] == ["national", "provincial", "municipal", "county", "other"]
    for table in ("departments", "national", "ambiguous", "known_exceptions", "place_omitted") + KEY_TABLES:
        assert AC[table], table


@pytest.mark.parametrize("table,required", [
    ("provinces", {"abbr", "name", "examples"}),
    ("cities", {"abbr", "name", "province", "examples"}),
    ("counties", {"abbr", "name", "province", "examples"}),
    ("other_bodies", {"abbr", "name", "province", "level", "examples"}),
    ("national", {"code", "body", "examples"}),
    ("place_omitted", {"prefix", "level", "examples"}),
    ("known_exceptions", {"code_prefix", "body", "level", "examples"}),
])
def test_every_entry_has_its_required_keys(table, required):
    for e in AC[table]:
        assert required <= set(e), (table, e)
        assert isinstance(e["examples"], list) and e["examples"], (table, e)


def test_every_department_has_templates_and_examples():
    for code, spec in DEPARTMENTS.items():
        assert {"provincial", "municipal", "examples"} <= set(spec), code
        for kind in ("provincial", "municipal", "direct_municipality"):
            tpls = spec.get(kind, [])
            for t in [tpls] if isinstance(tpls, str) else tpls:
                assert "{place}" in t, (code, kind, t)
        assert spec["examples"], code


@pytest.mark.parametrize("table,key,entry,ex", EXAMPLES, ids=[f"{t}:{x['doc']}" for t, _, _, x in EXAMPLES])
def test_every_example_is_a_well_formed_record(table, key, entry, ex):
    assert set(ex) <= {"doc", "dept", "body", "evidence", "source", "note"}, ex
    assert ex["evidence"] in EVIDENCE
    src = ex["source"]
    assert src == "github" or src.startswith(("corpus/dev/", "http://", "https://")), src


def test_levels_are_from_the_five_allowed():
    allowed = set(AC["levels"])
    for table in ("other_bodies", "place_omitted", "known_exceptions"):
        for e in AC[table]:
            assert e["level"] in allowed, e
    assert all(e["level"] == "other" for e in AC["other_bodies"])


def test_province_names_agree_with_levels_yaml():
    names = {}
    for p in AC["provinces"]:
        assert p["name"] in PROVINCE_NAMES, p
        if p["abbr"] in PROVINCE_ABBR:
            assert PROVINCE_ABBR[p["abbr"]] == p["name"], p
        names[p["name"]] = p["abbr"]
    assert set(names) == PROVINCE_NAMES, "every province-level unit needs an entry"
    direct = {p["name"] for p in AC["provinces"] if p.get("direct_municipality")}
    assert direct == {"北京市", "天津市", "上海市", "重庆市"}


def test_cities_counties_and_others_lie_in_a_known_province():
    for table in ("cities", "counties", "other_bodies"):
        for e in AC[table]:
            assert e["province"] in PROVINCE_NAMES, (table, e)


def test_at_least_eighty_cities_and_every_one_with_an_example():
    assert len(AC["cities"]) >= 80
    assert all(c["examples"] for c in AC["cities"])


# --- data ------------------------------------------------------------------------------------

@pytest.mark.parametrize("table,key,entry,ex", EXAMPLES, ids=[f"{t}:{x['doc']}" for t, _, _, x in EXAMPLES])
def test_every_example_parses_and_its_code_starts_with_the_key(table, key, entry, ex):
    assert _code(ex["doc"]).startswith(key)


def test_a_key_is_listed_twice_only_when_marked_ambiguous():
    counts = Counter(k for k, _, _ in KEYS)
    repeated = {k for k, n in counts.items() if n > 1}
    assert repeated == set(AC["ambiguous"]), repeated ^ set(AC["ambiguous"])
    for key, candidates in AC["ambiguous"].items():
        listed = sorted((t, e["name"]) for k, t, e in KEYS if k == key)
        marked = sorted(next(iter(c.items())) for c in candidates)
        assert listed == marked, key


@pytest.mark.parametrize("table", PLACE_TABLES)
def test_place_examples_name_the_department_the_lookup_finds(table):
    for e in AC[table]:
        for ex in e["examples"]:
            rest = _code(ex["doc"])[len(e["abbr"]):]
            if "dept" not in ex:
                assert _department(rest) is None, (ex, "a department fits: name it")
                continue
            assert _department(rest) == ex["dept"], (ex, _department(rest))
            if "body" in ex:
                assert ex["body"] in _templates(table, e, ex["dept"]), (ex, _templates(table, e, ex["dept"]))


def test_department_examples_are_a_place_key_followed_by_that_department():
    places = [(e["abbr"], t) for t in PLACE_TABLES for e in AC[t]]
    for dept, spec in DEPARTMENTS.items():
        for doc in spec["examples"]:
            code = _code(doc)
            assert any(code.startswith(k) and _department(code[len(k):]) == dept for k, _ in places), (dept, doc)


@pytest.mark.parametrize("table,key,entry,ex", [x for x in EXAMPLES if x[0] != "known_exceptions"],
                         ids=[f"{t}:{x['doc']}" for t, _, _, x in EXAMPLES if t != "known_exceptions"])
def test_the_lookup_finds_each_example_s_own_entry(table, key, entry, ex):
    if table in PLACE_TABLES and "dept" not in ex:
        pytest.skip("no department code follows the place key: the lookup is meant to stay silent")
    found = _lookup(_code(ex["doc"]))
    assert (table, entry) in [(t, e) for t, e in found], [e.get("name", e.get("body")) for _, e in found]
    if len(found) > 1:
        assert key in AC["ambiguous"], key


def test_national_examples_get_the_body_of_the_suffix_rule():
    for e in AC["national"]:
        for ex in e["examples"]:
            assert _national_body(e, _code(ex["doc"])) == ex.get("body", e["body"]), ex


def test_known_exceptions_are_codes_the_lookup_would_read_otherwise():
    for e in AC["known_exceptions"]:
        for ex in e["examples"]:
            code = _code(ex["doc"])
            assert code.startswith(e["code_prefix"])
            assert _lookup(code), "an exception nobody would misread needs no entry"


def test_longest_key_beats_a_shorter_one():
    """The collisions the header names, resolved as it says."""
    cases = {
        "中办发": "中共中央办公厅", "中府办": "中山市", "晋财大校": "山西财经大学", "晋教基": "山西省",
        "晋市医保发": "晋城市", "黔南人社通": "黔南布依族苗族自治州", "黔教基发": "贵州省",
        "赣市府办发": "赣州市", "赣府发": "江西省", "鄂州政办发": "鄂州市", "鄂教高函": "湖北省",
        "广安办发": "广安市", "广办发": "广元市", "泰机高职": "泰州机电高等职业技术学校", "泰政办发": "泰安市",
    }
    for code, name in cases.items():
        found = _lookup(code)
        assert len(found) == 1 and name in (found[0][1].get("name"), found[0][1].get("body")), (code, found)


def test_a_place_key_without_a_department_after_it_finds_nothing():
    assert _lookup("丽社教办") == []


# --- provenance --------------------------------------------------------------------------------

def _validation_stems() -> set[str]:
    return {l.strip() for l in VALIDATION.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")}


DEV_EXAMPLES = [x for x in EXAMPLES if x[3]["source"].startswith("corpus/dev/")]


@pytest.mark.parametrize("table,key,entry,ex", DEV_EXAMPLES, ids=[x[3]["doc"] for x in DEV_EXAMPLES])
def test_dev_corpus_examples_occur_in_a_training_notice(table, key, entry, ex):
    stem = ex["source"].removeprefix("corpus/dev/")
    assert stem not in _validation_stems(), "validation notices are never a source"
    path = DEV / f"{stem}.txt"
    if not path.exists():
        pytest.skip("shared corpus not beside the repository")
    squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    assert squeeze(ex["doc"]) in squeeze(path.read_text(encoding="utf-8")), ex["doc"]


BODY_EXAMPLES = [x for x in EXAMPLES if x[0] in PLACE_TABLES + ("national",) and "body" in x[3]
                 and (x[0] == "national" or "dept" in x[3]) and x[1] not in AC["ambiguous"]
                 and not any(_code(x[3]["doc"]).startswith(e["code_prefix"]) for e in AC["known_exceptions"])]


@pytest.mark.parametrize("table,key,entry,ex", BODY_EXAMPLES, ids=[x[3]["doc"] for x in BODY_EXAMPLES])
def test_the_pipeline_lookup_names_each_example_s_body(table, key, entry, ex):
    """What the pipeline says of a real number: the body, level and province the file records."""
    found = INDEX.lookup(_code(ex["doc"]))
    templates = _templates(table, entry, ex["dept"]) if table in PLACE_TABLES else [ex["body"]]
    assert found is not None and found.level == ex.get("level", TABLE_LEVEL.get(table, "national"))
    assert found.name == (ex["body"] if len(templates) == 1 else None), (ex, found)
