from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PDF_FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
EXTERNAL = ROOT.parent / "shared" / "corpus" / "external"


@pytest.fixture(scope="session")
def rules():
    from pipeline.rules import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def corpus_out(tmp_path_factory):
    """The shipped corpus ingested once for the whole session."""
    from pipeline.store import ingest

    out = tmp_path_factory.mktemp("corpus_out")
    res = ingest([CORPUS], out)
    assert res.ok, res.failed
    return out


@pytest.fixture(scope="session")
def corpus_records(corpus_out):
    from pipeline.record import read_records

    return {Path(r["source"]["path"]).stem: r for r in read_records(corpus_out)}


def copy_corpus(folder: Path, names) -> Path:
    """Notices of the shipped corpus copied into `folder` (made if missing): a batch to ingest."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        shutil.copy(CORPUS / n, folder / n)
    return folder


def doc_from_text(text: str, name="t.txt", fmt="txt"):
    from pipeline.clean import build_document, raw_lines_from_text

    return build_document(raw_lines_from_text(text), name, fmt)


def extract_text(text: str, rules=None):
    """Fields of a notice given as plain text (unit tests on real sentences)."""
    from pipeline.extract import extract_fields
    from pipeline.structure import segment

    doc = doc_from_text(text)
    return extract_fields(doc, segment(doc, rules), rules)


@pytest.fixture
def external_dir():
    if not EXTERNAL.is_dir():
        pytest.skip("shared/corpus/external is not beside the repository")
    return EXTERNAL


@pytest.fixture(autouse=True)
def english_interface(monkeypatch):
    """Tests read English output whatever the machine's locale; tests of the Chinese interface set their own."""
    monkeypatch.setenv("NOTICES_LANG", "en")
