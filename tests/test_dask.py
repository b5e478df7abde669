"""`notices ingest --dask`: the per-file work as Dask tasks on a LocalCluster gives the records and
the manifest of a local run, byte for byte (issue 13).  Skipped without the [dask] extra."""
import pytest

pytest.importorskip("dask.distributed", reason="Dask is an optional extra: pip install -e '.[dask]'")

from pipeline.cli import main  # noqa: E402
from pipeline.db import load_records  # noqa: E402
from pipeline.manifest import read_manifest  # noqa: E402
from pipeline.store import ingest  # noqa: E402
from tests.conftest import copy_corpus  # noqa: E402

FILES = ["000_4e4d97b52702877a.txt", "002_fc2eac345f00a229.txt", "003_cbb5827721edf22d.txt",
         "004_2a45d8b675625f29.txt", "101_moe_2022_lifelong_week.txt"]


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    d = copy_corpus(tmp_path_factory.mktemp("dask") / "in", FILES)
    (d / "broken.txt").write_bytes(b"\x00\x01\x02 not a notice")
    return d


def _records(out):
    return {p.name: p.read_bytes() for p in sorted((out / "notices").glob("*.yaml"))}


def test_dask_gives_the_records_and_manifest_of_a_local_run(inbox, tmp_path):
    local, dasked = tmp_path / "local", tmp_path / "dask"
    a = ingest([inbox], local, jobs=1)
    b = ingest([inbox], dasked, jobs=2, dask="")
    assert sorted(a.written) == sorted(b.written) and len(a.written) == len(FILES)
    assert [f["path"] for f in a.failed] == [f["path"] for f in b.failed] == [str(inbox / "broken.txt")]
    assert _records(local) == _records(dasked)
    assert read_manifest(local) == read_manifest(dasked)
    assert load_records(dasked) == load_records(local)   # the index follows, as in a local run
    again = ingest([inbox], dasked, jobs=2, dask="")    # unchanged: nothing is sent to Dask
    assert again.written == [] and again.unchanged == len(FILES)


def test_dask_reads_inputs_through_fsspec_urls(inbox, tmp_path):
    out = tmp_path / "url"
    url = inbox.as_uri()   # file:///…: listed and read through fsspec, as s3://… would be
    res = ingest([url], out, jobs=1, dask="")
    assert len(res.written) == len(FILES)
    recs = load_records(out)
    assert sorted(r["source"]["path"] for r in recs) == sorted(f"{url}/{n}" for n in FILES)
    local = tmp_path / "local"
    ingest([inbox], local, jobs=1)
    strip = lambda r: {k: v for k, v in r.items() if k != "source"}
    assert [strip(r) for r in recs] == [strip(r) for r in load_records(local)]
    assert ingest([url], out, jobs=1, dask="").unchanged  # unchanged by size and time: not read again


def test_dask_command_line(inbox, tmp_path, capsys):
    assert main(["ingest", str(inbox), "--out", str(tmp_path / "cli"), "--dask", "-j", "1"]) == 1  # broken.txt fails
    assert f"{len(FILES)} written" in capsys.readouterr().out
