"""The interface in Chinese under a Chinese locale (or --lang zh), in English otherwise: one catalogue
(pipeline/locale/messages.yaml) with both languages for every key, and no English word left in
Chinese output but paths, ids, option and command names, file formats and proper nouns."""
import os
import pickle
import re
import shutil
import subprocess
import sys

import pytest

from pipeline.cli import main
from pipeline.i18n import (STORED_SECTIONS, Message, Messages, catalogue, detect_lang, message, parse_stored,
                           placeholders, split_lang)
from tests.conftest import CORPUS, ROOT, copy_corpus

COMMANDS = {"notices", "ingest", "show", "eval", "graph", "calendar", "compare", "search", "report", "watch",
            "build", "ancestors", "descendants", "orphans", "zh", "en", "true", "false",
            "outputs"}   # the default output folder: a path
LEVEL_IDS = {"national", "provincial", "municipal", "county", "other"}
FORMATS = {"pdf", "txt", "html", "docx", "doc", "wps", "yaml", "json", "csv", "ics", "vcf", "md", "graphml", "xlsx",
           "sqlite", "dot", "gold", "ofd", "png", "jpg"}
PROPER = {"Word", "WPS", "Excel", "PowerPoint", "OpenDocument", "OFD", "RTF", "OCR", "Ctrl", "FIFO", "YAML", "JSON",
          "PDF", "TXT", "HTML", "DOCX", "CSV", "ICS", "NUL", "MB", "KB", "DTD", "QQ", "Dask"}


def english_words(text: str, allow=frozenset()) -> set[str]:
    """English words left in Chinese output, beyond paths, ids, file names, options and command names."""
    text = re.sub(r"\S+@\S+|https?://\S+|\S*[/\\]\S*", " ", text)              # e-mails, URLs, paths
    text = re.sub(r"\(\?P<\w+>", " ", text)                                          # regex group names (ids)
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)                    # options
    text = re.sub(r"\b\w*(?:\d|_)\w*\b", " ", text)                             # ids, numbers, record ids
    text = re.sub(r"\b\w+\.(?:" + "|".join(FORMATS) + r")\b", " ", text)        # file names
    text = re.sub(r"\b[A-Z][A-Z]+\b", " ", text)                                # DIR, DAYS, PDF: metavars, formats
    text = re.sub(r"\b[A-Z][a-z]+(?:[A-Z][a-z]*)+\b", " ", text)                # BadZipFile: exception names (ids)
    words = set(re.findall(r"[A-Za-z]{2,}", text))
    return {w for w in words if w not in COMMANDS | LEVEL_IDS | FORMATS | PROPER | set(allow) and w.lower() not in FORMATS}


# ---------------------------------------------------------------- the catalogue
def test_every_key_has_both_languages():
    for key, entry in catalogue().items():
        assert set(entry) == {"zh", "en"} and entry["zh"].strip() and entry["en"].strip(), key


def test_chinese_texts_hold_no_english_words():
    for key, entry in catalogue().items():
        if key.startswith(("metavar.", "argparse.usage")):
            continue
        left = english_words(re.sub(r"\{\w+\}", " ", entry["zh"]))
        assert not left, (key, left)


def test_stored_messages_read_back_to_their_key_and_values():
    """Warnings in records and errors in errors.yaml are kept in English: each must read back as itself."""
    samples = {"fields": ["title", "doc_number"], "lines": ["a: b", "c"]}
    for key, entry in catalogue().items():
        if not key.startswith(STORED_SECTIONS):
            continue
        assert placeholders(entry["zh"]) <= placeholders(entry["en"]), key
        assert not re.search(r"\{\w+[:!]", entry["en"]), f"{key}: no format spec in a stored message"
        values = {name: samples.get(name, f"v{i}x") for i, name in enumerate(sorted(placeholders(entry["en"])))}
        m = message(key, **values)
        back = parse_stored(str(m))
        assert isinstance(back, Message) and back.key == key and back.values == values, (key, back)
        assert Messages("zh").render(str(m)) == Messages("zh")(m)


def test_nested_stored_messages_read_back():
    inner = message("file.unsupported", format=message("file.format_wps"), suffix=".wps", todo=message("file.todo_wps"))
    outer = message("file.unchanged_failure", error=inner)
    assert Messages("zh").render(str(outer)) == "WPS 文档（.wps）无法读取：请在 WPS 中另存为 DOCX 或 PDF 后再导入（上次失败后未改动；加 --retry-failed 可重试）"
    assert Messages("en").render(str(outer)) == str(outer)


def test_every_key_the_code_names_is_in_the_catalogue():
    pattern = re.compile(r"""(?:\bmsg|\bmessage|\bself\.t|\bt|\bself\.msg|\bi18n\.message)\(\s*f?["']([a-z_]+\.[\w.]+)["']""")
    groups = re.compile(r"""\.kind\(\s*["']([\w.]+)["']""")
    missing = []
    for f in list((ROOT / "pipeline").rglob("*.py")) + list((ROOT / "pipeline" / "report" / "templates").glob("*.html")):
        text = f.read_text(encoding="utf-8")
        for key in pattern.findall(text):
            if "{" not in key and key not in catalogue() and not key.endswith("."):
                missing.append((f.name, key))
        for group in groups.findall(text):
            if not any(k.startswith(group + ".") for k in catalogue()):
                missing.append((f.name, group))
    assert not missing


def test_a_message_travels_between_processes():
    m = message("file.too_slow", seconds="120")
    back = pickle.loads(pickle.dumps(m))
    assert back == m and back.key == "file.too_slow" and Messages("zh")(back).startswith("解析超时")


def test_field_lists_are_named_in_the_language_and_stored_as_ids():
    m = message("note.not_found", fields=["title", "doc_number"])
    assert str(m) == "not found in the text: title, doc_number"      # as records keep it
    assert Messages("zh").render(str(m)) == "正文中未找到：标题、发文字号"
    assert Messages("en")(m) == "not found in the text: title, document number"


def test_topic_labels_levels_and_kinds_in_chinese():
    zh = Messages("zh")
    assert zh.label("topics", "smart_elderly").startswith("智慧助老")
    assert zh.label("requirements", "implementation_plan").startswith("制定")
    assert Messages("en").label("topics", "smart_elderly") == "smart elderly"
    assert zh.level("county") == "县级" and zh.kind("deadline_kind", "submission") == "报送"


def test_every_taxonomy_id_has_a_chinese_label(rules):
    for kind in ("topics", "requirements"):
        for ident, spec in rules.taxonomy[kind].items():
            assert re.search(r"[\u4e00-\u9fff]", spec.get("zh") or ""), (kind, ident)


@pytest.mark.parametrize("env,explicit,lang", [
    ({"LANG": "zh_CN.UTF-8"}, None, "zh"), ({"LANG": "en_US.UTF-8"}, None, "en"), ({}, None, "en"),
    ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US"}, None, "zh"), ({"LANGUAGE": "zh_CN:en"}, None, "zh"),
    ({"LANG": "zh_CN.UTF-8"}, "en", "en"), ({"NOTICES_LANG": "zh", "LANG": "C"}, None, "zh")])
def test_language_from_option_then_environment_then_locale(env, explicit, lang):
    assert detect_lang(explicit, env) == lang


def test_lang_option_anywhere_on_the_command_line():
    assert split_lang(["calendar", "--lang", "zh", "--out", "x"]) == ("zh", ["calendar", "--out", "x"])
    assert split_lang(["--lang=en", "report"]) == ("en", ["report"])


# ---------------------------------------------------------------- every command and error under zh
@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("NOTICES_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)


def _run(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:      # argparse's own exits (help, mistakes)
        code = exc.code
    cap = capsys.readouterr()
    return code, cap.out + cap.err


@pytest.fixture(scope="module")
def notice_words(corpus_records):
    """ASCII words of the notices themselves (Word版, QQ群, http…): content, not the interface."""
    words = set()
    for rec in corpus_records.values():
        words |= set(re.findall(r"[A-Za-z]{2,}", rec.get("text") or ""))
    return words


def test_help_of_every_command_is_chinese(chinese, capsys):
    for argv in [["--help"]] + [[c, "--help"] for c in ("ingest", "show", "eval", "graph", "calendar", "compare",
                                                        "search", "report", "watch")]:
        code, text = _run(capsys, *argv)
        assert code == 0 and text.startswith("用法：") and "显示本帮助并退出" in text, argv
        assert not english_words(text), (argv, english_words(text), text)


def test_help_in_english_with_lang_en(chinese, capsys):
    code, text = _run(capsys, "--lang", "en", "calendar", "--help")
    assert code == 0 and text.startswith("usage: ") and "show this help message and exit" in text


@pytest.fixture
def inbox(tmp_path):
    d = copy_corpus(tmp_path / "in", ["002_fc2eac345f00a229.txt", "003_cbb5827721edf22d.txt", "000_4e4d97b52702877a.txt",
                                       "101_moe_2022_lifelong_week.txt"])
    (d / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    (d / "empty.txt").write_bytes(b"")
    (d / "old.wps").write_bytes(b"x")
    (d / "scan.jpg").write_bytes(b"x")
    (d / "fake.docx").write_bytes(b"PK\x03\x04 not a zip")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (d / "nul.txt").write_bytes((CORPUS / "003_cbb5827721edf22d.txt").read_bytes().replace(b"\n", b"\n\x00", 3))
    (d / "loop").symlink_to(d / "loop")
    os.mkfifo(d / "pipe.txt")
    return d


def test_every_command_and_error_is_chinese(chinese, inbox, tmp_path, capsys, notice_words, monkeypatch):
    out, empty, a_file = tmp_path / "out", tmp_path / "empty", tmp_path / "plain.txt"
    empty.mkdir()
    a_file.write_text("x", encoding="utf-8")
    rec = "002_fc2eac345f00a229"
    runs = [
        ["ingest", inbox, "--out", out], ["ingest", inbox, "--out", out], ["-v", "ingest", inbox, "--out", out],
        ["graph", "--out", out], ["graph", "ancestors", rec, "--out", out],
        ["graph", "descendants", "教职成厅函〔2022〕22号", "--out", out], ["graph", "orphans", "--out", out],
        ["calendar", "--out", out], ["calendar", "--out", out, "--upcoming", "30", "--today", "2022-11-20"],
        ["calendar", "--out", out, "--upcoming", "3", "--today", "2030-01-01"],
        ["compare", "--all", "--out", out], ["compare", rec, "--out", out], ["compare", "000_4e4d97b52702877a", "--out", out],
        ["show", rec, "--out", out], ["show", rec, "--full", "--out", out], ["show", "003_cbb5827721edf22d", "--out", out],
        ["search", "智慧助老", "--out", out], ["search", "量子计算机", "--out", out], ["report", "--out", out],
        ["eval", CORPUS, "--out", out, "--only", a_file],
        # mistakes
        ["ingest", "/nonexistent/file.txt", "--out", tmp_path / "o2"], ["ingest", inbox, "--out", a_file],
        ["ingest", inbox, "--out", tmp_path / "o3", "-j", "0"], ["ingest", inbox, "--out", tmp_path / "o3", "--timeout", "0"],
        ["ingest", inbox, "--out", tmp_path / "o3", "--rules", tmp_path / "no_rules"], ["ingest", "--out", out],
        ["calendar", "--out", out, "--alarms", "a,b"], ["calendar", "--out", out, "--from", "2022-13-01"],
        ["calendar", "--out", out, "--level", "nowhere"], ["search", "x", "--limit", "many", "--out", out],
        ["calendar", "--out", a_file], ["show", "nope", "--out", out], ["show", a_file],
        ["graph", "ancestors", "--out", out], ["graph", "ancestors", "不存在的文件", "--out", out],
        ["compare", "--out", out], ["compare", "不存在的文件", "--out", out], ["frobnicate"], [],
        ["eval", tmp_path / "no_gold", "--out", out], ["--lang", "fr", "report"], ["report", "--out", out, "--bogus"],
    ] + [[cmd, *extra, "--out", empty] for cmd, *extra in (["calendar"], ["graph"], ["compare", "--all"],
                                                             ["compare", "x"], ["report"], ["search", "教育"],
                                                             ["calendar", "--upcoming", "7"])]
    for argv in runs:
        code, text = _run(capsys, *argv)
        assert "Traceback" not in text, (argv, text)
        said = set(re.findall(r"[A-Za-z]{2,}", " ".join(map(str, argv))))   # the user's own words, echoed
        left = english_words(text, notice_words | said)
        assert not left, (argv, left, text)
        if code == 2 or argv[-1] == empty:
            assert "错误" in text, (argv, text)
    # YAML is data (its keys are English ids, as in the records); what it says to people is Chinese
    code, text = _run(capsys, "compare", rec, "--yaml", "--out", out)
    assert code == 0 and "parent_note: 上级文件的文本不完整" in text
    # what the run above wrote for people: the calendar, the sheets, the comparisons
    for f in ("calendar.ics", "deadlines.csv", "contacts.csv", "contacts.vcf", f"compare/{rec}.md"):
        text = (out / f).read_text(encoding="utf-8").replace("\r\n ", "").replace("\n ", "")   # unfolded
        text = re.sub(r"(?m)^(?:BEGIN|END|UID|DTSTAMP|DTSTART|DTEND|PRODID|VERSION|CALSCALE|STATUS|TRANSP|TRIGGER|"
                      r"ACTION|X-[\w-]+|N|FN|TEL|EMAIL|ORG)[;:].*$", "", text)
        left = english_words(text, notice_words | {"VALUE", "DATE", "TYPE", "CELL", "WORK", "INTERNET"})
        assert not left, (f, left)


def test_interrupt_lock_and_rules_errors_are_chinese(chinese, inbox, tmp_path, capsys, monkeypatch):
    import pipeline.store
    from filelock import FileLock

    out = tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / ".notices.lock")):
        code, text = _run(capsys, "ingest", inbox, "--out", out)
    assert code == 2 and "另一个" in text and not english_words(text), text
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    y = rules / "structure.yaml"
    y.write_text(y.read_text(encoding="utf-8").replace("(?P<serial>", "(?P<number>", 1)
                 .replace("cc: '^抄", "cc: '(^抄", 1), encoding="utf-8")
    (rules / "extract.yaml").write_text((rules / "extract.yaml").read_text(encoding="utf-8")
                                        .replace("theme_cues: [", "theme_cues: 7 #[", 1), encoding="utf-8")
    (rules / "dates.yaml").write_text("a: [b\n", encoding="utf-8")
    code, text = _run(capsys, "ingest", inbox, "--out", out, "--rules", rules)
    assert code == 2 and "规则" in text and "rules/structure.yaml" in text and "serial" in text and "缺少右括号" in text
    assert not english_words(text), (english_words(text), text)

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.store, "ingest", interrupted)
    code, text = _run(capsys, "ingest", inbox, "--out", out)
    assert code == 130 and "已中断" in text and not english_words(text)


def test_report_pages_are_chinese(chinese, inbox, tmp_path, capsys, notice_words):
    out = tmp_path / "out"
    _run(capsys, "ingest", inbox, "--out", out)
    assert _run(capsys, "report", "--out", out)[0] == 0
    from html.parser import HTMLParser

    class Visible(HTMLParser):
        """The text a person sees: element text and the attributes read out (title, placeholder, aria-label)."""

        def __init__(self):
            super().__init__()
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")
            self.parts += [v for k, v in attrs if k in ("title", "placeholder", "aria-label", "alt") and v]

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    pages = sorted((out / "report").rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        v = Visible()
        v.feed(page.read_text(encoding="utf-8"))
        left = english_words(" ".join(v.parts), notice_words | {"ECharts"})
        assert not left, (page.name, left)


# ---------------------------------------------------------------- a closed pipe
@pytest.mark.parametrize("argv", [["--help"], ["calendar", "--help"], ["ingest", "--help"]])
def test_a_closed_pipe_ends_quietly(argv):
    """`notices … | head`: the reader is gone before the first line; no BrokenPipeError, exit 0."""
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "PYTHONPATH": str(ROOT)}
    env.pop("NOTICES_LANG", None)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=ROOT)
    proc.stdout.close()   # like `head` that has read enough
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=120) == 0 and err == "", err


def test_a_pipe_closed_mid_output_ends_quietly(corpus_out):
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "PYTHONPATH": str(ROOT)}
    env.pop("NOTICES_LANG", None)
    run = subprocess.run(f"{sys.executable} -m pipeline.cli graph orphans --out {corpus_out} | head -2",
                         shell=True, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert len(run.stdout.splitlines()) == 2 and run.stderr == "", run.stderr


def test_the_catalogue_reads_the_same_with_libyaml_and_with_pure_python():
    import yaml

    from pipeline.i18n import CATALOGUE, catalogue

    text = CATALOGUE.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == yaml.safe_load(text)
    assert catalogue()["help.jobs"]["zh"].startswith("并行进程数")
