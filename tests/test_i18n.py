"""The interface in Chinese under a Chinese locale (or --lang zh), in English otherwise."""
import re
import string
import subprocess
import sys

import pytest

from pipeline.cli import build_parser, main
from pipeline.i18n import Messages, catalogue, detect_lang, help_texts, split_lang, translate_line
from tests.conftest import CORPUS, ROOT


def _placeholders(text):
    return {n for _, n, _, _ in string.Formatter().parse(text) if n}


def test_every_entry_has_both_languages_with_the_same_placeholders():
    for key, entry in catalogue().items():
        assert entry.get("zh") and entry.get("en"), key
        assert _placeholders(entry["zh"]) == _placeholders(entry["en"]), key


def test_no_english_words_in_chinese_texts():
    allowed = {"PDF", "TXT", "HTML", "DOCX", "YAML", "JSON", "ICS", "CSV", "OCR", "DIR", "DAYS", "FILE", "YYYY", "MM",
               "DD", "Excel", "calendar", "ics", "notices", "sqlite", "report", "compare", "gold", "yaml", "md",
               "matrix", "csv", "graph", "json", "dot", "contacts", "vcf", "deadlines", "id", "outputs", "build",
               "ancestors", "descendants", "orphans", "rules", "Ctrl", "pdfium", "upcoming", "all", "usage", "xlsx",
               "Dask"}
    for key, entry in catalogue().items():
        text = re.sub(r"\{\w+\}", "", entry["zh"])
        words = set(re.findall(r"[A-Za-z]{2,}", text)) - allowed
        assert not words, (key, words)


@pytest.mark.parametrize("env,explicit,lang", [
    ({"LANG": "zh_CN.UTF-8"}, None, "zh"), ({"LANG": "en_US.UTF-8"}, None, "en"), ({}, None, "en"),
    ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US"}, None, "zh"), ({"LANGUAGE": "zh_CN:en"}, None, "zh"),
    ({"LANG": "zh_CN.UTF-8"}, "en", "en"), ({"NOTICES_LANG": "zh", "LANG": "C"}, None, "zh")])
def test_language_from_option_then_environment_then_locale(env, explicit, lang):
    assert detect_lang(explicit, env) == lang


def test_lang_option_anywhere_on_the_command_line():
    assert split_lang(["calendar", "--lang", "zh", "--out", "x"]) == ("zh", ["calendar", "--out", "x"])
    assert split_lang(["--lang=en", "report"]) == ("en", ["report"])


def test_every_help_text_has_a_chinese_translation():
    table = help_texts()
    parsers, seen = [build_parser()], set()
    while parsers:
        p = parsers.pop()
        if id(p) in seen:
            continue
        seen.add(id(p))
        for action in p._actions:
            if action.dest == "help" or action.__class__.__name__ == "_SubParsersAction":
                parsers.extend(getattr(action, "choices", {}).values() if action.choices else [])
                for c in getattr(action, "_choices_actions", []):
                    assert c.help in table, c.help
                continue
            assert action.help, f"{p.prog} {action.dest} has no help"
            assert action.help in table, action.help


def test_help_is_chinese_under_a_chinese_locale():
    env = {"LANG": "zh_CN.UTF-8", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    for args in ([], ["ingest"], ["calendar"], ["report"], ["watch"], ["search"]):
        run = subprocess.run([sys.executable, "-m", "pipeline.cli", *args, "--help"], capture_output=True, text=True,
                             env=env, cwd=ROOT, timeout=120)
        assert run.returncode == 0, run.stderr
        assert run.stdout.startswith("用法：") and "显示本帮助并退出" in run.stdout and "选项" in run.stdout
        # English prose left anywhere but in the usage lines (program and option names)
        body = run.stdout.split("\n\n", 1)[1]
        prose = [l for l in body.splitlines() if re.search(r"[a-z]{4,} [a-z]{4,}", l)]
        assert not prose, prose


def _english_words(text, allow=()):
    """English words left in Chinese output, beyond paths, ids, file names and option names."""
    text = re.sub(r"(\S+@\S+|\S*/\S*|--[\w-]+|\b\w+\.(?:yaml|csv|ics|vcf|md|dot|json|html|graphml|txt|pdf)\b)", "", text)
    return set(re.findall(r"\b[a-z]{3,}\b", text)) - set(allow)


def test_every_message_is_chinese_with_a_chinese_locale(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("NOTICES_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    (tmp_path / "in").mkdir()
    for n in ("002_fc2eac345f00a229.txt", "003_cbb5827721edf22d.txt"):
        (tmp_path / "in" / n).write_bytes((CORPUS / n).read_bytes())
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    out = str(tmp_path / "out")
    runs = [["ingest", str(tmp_path / "in"), "--out", out], ["graph", "--out", out],
            ["calendar", "--out", out], ["calendar", "--out", out, "--upcoming", "30", "--today", "2022-11-20"],
            ["calendar", "--out", out, "--upcoming", "3", "--today", "2030-01-01"],
            ["search", "智慧助老", "--out", out], ["search", "量子计算机", "--out", out],
            ["compare", "--all", "--out", out], ["report", "--out", out], ["graph", "ancestors", "不存在的文件", "--out", out]]
    for args in runs:
        main(args)
        cap = capsys.readouterr()
        left = _english_words(cap.out + cap.err)
        assert not left, (args, left, cap.out + cap.err)
    with pytest.raises(SystemExit):
        main(["calendar", "--level", "nowhere"])
    cap = capsys.readouterr()
    assert "错误" in cap.err and not _english_words(cap.err, {"national", "provincial", "municipal", "county",
                                                             "other", "nowhere", "notices", "calendar"})


def test_english_is_unchanged():
    msg = Messages("en")
    line = "3 written, 0 unchanged, 1 failed (4 files)"
    assert translate_line(msg, line) == line
    assert translate_line(Messages("zh"), line) == "写出 3 份，未变 0 份，失败 1 份（共 4 个文件）"


def test_topic_labels_and_stored_notes_in_chinese():
    zh = Messages("zh")
    assert zh.label("topics", "smart_elderly").startswith("智慧助老")
    assert zh.label("requirements", "implementation_plan").startswith("制定")
    assert Messages("en").label("topics", "smart_elderly") == "smart elderly"
    assert zh.note("not found in the text: title, doc_number") == "正文中未找到：标题、发文字号"
    assert zh.level("county") == "县级"


def test_every_taxonomy_id_has_a_chinese_label(rules):
    for kind in ("topics", "requirements"):
        for ident, spec in rules.taxonomy[kind].items():
            assert re.search(r"[\u4e00-\u9fff]", spec.get("zh") or ""), (kind, ident)
