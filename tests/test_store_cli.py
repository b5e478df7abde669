"""Incremental batch ingest, parallel workers, atomic writes and the CLI."""
import json
import shutil

import pytest

from pipeline.cli import main
from pipeline.manifest import read_manifest
from pipeline.record import atomic_write, read_record
from pipeline.store import ingest
from tests.conftest import CORPUS, copy_corpus


def _copy(tmp_path, names):
    return copy_corpus(tmp_path / "in", names)


def test_second_run_skips_unchanged_and_redoes_changed(tmp_path):
    d = _copy(tmp_path, ["000_4e4d97b52702877a.txt", "003_cbb5827721edf22d.txt"])
    out = tmp_path / "out"
    r1 = ingest([d], out)
    assert len(r1.written) == 2
    r2 = ingest([d], out)
    assert r2.written == [] and r2.unchanged == 2
    f = d / "003_cbb5827721edf22d.txt"
    f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    r3 = ingest([d], out)
    assert [p.split("/")[-1] for p in r3.written] == ["003_cbb5827721edf22d.txt"]


def test_changed_rules_reprocess_everything(tmp_path):
    from pipeline.rules import load_rules

    d = _copy(tmp_path, ["000_4e4d97b52702877a.txt"])
    out = tmp_path / "out"
    ingest([d], out)
    rules = tmp_path / "rules"
    shutil.copytree(load_rules().directory, rules)
    (rules / "lexicon.yaml").write_text((rules / "lexicon.yaml").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    r = ingest([d], out, rules_dir=str(rules))
    assert len(r.written) == 1
    manifest = read_manifest(out)
    assert next(iter(manifest.values()))["rules_version"] == load_rules(rules).version


def test_parallel_workers_give_the_same_records(tmp_path):
    d = _copy(tmp_path, ["000_4e4d97b52702877a.txt", "001_83fdce0db893d34f.txt", "002_fc2eac345f00a229.txt"])
    a, b = tmp_path / "a", tmp_path / "b"
    ingest([d], a)
    ingest([d], b, jobs=2)
    for p in sorted((a / "notices").glob("*.yaml")):
        assert read_record(p) == read_record(b / "notices" / p.name)


def test_same_name_in_two_folders_gets_two_ids(tmp_path):
    d1, d2 = tmp_path / "x", tmp_path / "y"
    d1.mkdir()
    d2.mkdir()
    shutil.copy(CORPUS / "000_4e4d97b52702877a.txt", d1 / "n.txt")
    shutil.copy(CORPUS / "001_83fdce0db893d34f.txt", d2 / "n.txt")
    out = tmp_path / "out"
    ingest([d1, d2], out)
    assert len(list((out / "notices").glob("*.yaml"))) == 2


def test_atomic_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "r.yaml"
    atomic_write(target, "a: 1\n")

    try:
        atomic_write(target, object())  # type error while writing
    except TypeError:
        pass
    assert target.read_text() == "a: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]


def test_cli_ingest_show_eval(tmp_path, capsys):
    d = _copy(tmp_path, ["002_fc2eac345f00a229.txt", "002_fc2eac345f00a229.gold.yaml"])
    out = tmp_path / "out"
    assert main(["ingest", str(d), "--out", str(out), "-j", "2"]) == 0
    assert "1 written" in capsys.readouterr().out
    assert main(["show", str(out / "notices" / "002_fc2eac345f00a229.yaml")]) == 0
    shown = capsys.readouterr().out
    assert "晋教职成函〔2022〕108号" in shown and "evidence" not in shown
    assert main(["eval", str(d), "--out", str(out), "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["fields"]["doc_number"]["accuracy"] == 1.0 and "misses" not in res
    assert main(["eval", str(d), "--out", str(out), "--detail"]) == 0
    assert "macro score" in capsys.readouterr().out


def test_records_validate_against_the_schema(corpus_records):
    from pipeline.record import validate

    for rec in corpus_records.values():
        validate(rec)


def test_jobs_default_to_the_cores_this_process_may_use(monkeypatch):
    """The workers do all the per-file work (rows and index included), so the default -j is every
    core the process may run on: a taskset or container share, not the machine's count."""
    from pipeline.cli import available_cores, build_parser

    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 2, 5}, raising=False)
    assert available_cores() == 3
    for command in (["ingest", "in"], ["watch", "inbox"]):
        assert build_parser().parse_args(command).jobs == 3
    assert build_parser().parse_args(["ingest", "in", "-j", "1"]).jobs == 1


@pytest.mark.parametrize("files,expected", [
    ({"cpu.max": "200000 100000\n"}, 2),                                  # cgroup v2, docker --cpus 2
    ({"cpu.max": "150000 100000\n"}, 2),                                  # 1.5 cores: two workers
    ({"cpu.max": "max 100000\n"}, None),                                  # no quota
    ({"cpu/cpu.cfs_quota_us": "400000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 4),   # cgroup v1
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
    ({}, None),
])
def test_a_containers_cpu_quota_caps_the_default_jobs(tmp_path, files, expected):
    from pipeline.cli import _cgroup_cpu_quota

    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert _cgroup_cpu_quota(str(tmp_path)) == expected
