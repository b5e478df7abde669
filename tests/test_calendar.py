"""Deadline calendar: ICS properties, two independent readers, CSV, vCard, filters, holidays."""
import csv
import datetime as dt
import io

import pytest

from pipeline.calendar import (directory, is_workday, previous_workday, select, to_ics, upcoming_table,
                               write_calendar)
from pipeline.cli import main
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def cal_dir(corpus_out):
    write_calendar(corpus_out)
    return corpus_out


def _gold_deadlines():
    import yaml

    from tests.test_golden import ORIGINAL

    out = []
    for g in sorted(CORPUS.glob("*.gold.yaml")):
        if g.name.split(".")[0] not in ORIGINAL:
            continue  # the notices whose every deadline the pipeline finds: the calendar is checked on them
        gold = yaml.safe_load(g.read_text(encoding="utf-8"))
        for d in gold.get("deadlines") or []:
            out.append((g.name.split(".")[0], str(d["date"]), d.get("submit_to")))
    return out


def test_every_gold_deadline_appears_once_with_date_target_and_contacts(cal_dir, corpus_records):
    from icalendar import Calendar

    cal = Calendar.from_ical((cal_dir / "calendar.ics").read_bytes())
    events = [c for c in cal.walk("VEVENT") if "截止" in [str(x) for x in c.get("categories").cats]]
    gold = _gold_deadlines()
    # one calendar entry per deadline of every record (copies of one notice merged)
    assert len(events) <= sum(len(r["deadlines"]) for r in corpus_records.values())
    by_date = {}
    for e in events:
        by_date.setdefault(e.decoded("dtstart").isoformat(), []).append(e)
    for stem, date, target in gold:
        hits = [e for e in by_date.get(date, []) if (corpus_records[stem].get("title") or "") in str(e.get("description"))]
        assert len(hits) == 1, (stem, date)
        e = hits[0]
        if target:
            assert target.split("(")[0] in str(e.get("summary")) + str(e.get("description"))
        # DTEND is the exclusive day after an all-day deadline
        assert e.decoded("dtend") == e.decoded("dtstart") + dt.timedelta(days=1)
        rec = corpus_records[stem]
        for c in rec["contacts"]:
            if c["name"] and c["name"] in [x for d in rec["deadlines"] if d["date"] == date for x in d["contacts"]]:
                assert c["name"] in str(e.get("description"))


def test_hainan_saturday_deadline_is_flagged(cal_dir):
    from icalendar import Calendar

    cal = Calendar.from_ical((cal_dir / "calendar.ics").read_bytes())
    (e,) = [c for c in cal.walk("VEVENT") if c.decoded("dtstart") == dt.date(2023, 1, 14)]
    assert str(e.get("x-notices-nonworkday")) == "TRUE"
    assert str(e.get("x-notices-previous-workday")) == "2023-01-13"
    assert "2023-01-13" in str(e.get("description"))
    alarms = [a for a in e.walk("VALARM")]
    assert sorted(a.decoded("trigger") for a in alarms) == [dt.timedelta(days=-3), dt.timedelta(days=-1)]
    assert "琼" not in str(e.get("categories").cats)  # no number: 无文号
    assert "无文号" in [str(x) for x in e.get("categories").cats]


def test_ics_reads_back_with_a_second_independent_reader(cal_dir):
    import ics

    text = (cal_dir / "calendar.ics").read_text(encoding="utf-8")
    c = ics.Calendar(text)
    assert len(c.events) >= len(_gold_deadlines())
    names = {e.name for e in c.events}
    assert any(n.startswith("报送 活动周实施方案 → 省教育厅职成处") for n in names)


def test_vague_and_tentative_items_are_marked(corpus_records):
    items = select(list(corpus_records.values()))
    shanxi_week = [i for i in items if i.kind == "event" and i.start == dt.date(2022, 12, 11)]
    assert shanxi_week and shanxi_week[0].tentative and shanxi_week[0].end == dt.date(2022, 12, 20)
    lishui_end = [i for i in items if i.kind == "deadline" and i.end == dt.date(2022, 12, 31)]
    assert lishui_end and lishui_end[0].tentative and "12月底前" in "\n".join(lishui_end[0].description)


@pytest.mark.parametrize("kind, lang, summary", [("payment", "zh", "缴费 截止"), ("registration", "zh", "报名 截止"),
                                                ("event", "zh", "活动 截止"), ("payment", "en", "payment ends")])
def test_a_deadline_without_its_own_words_is_named_by_its_kind(kind, lang, summary):
    from pipeline.i18n import Messages

    rec = {"id": "x", "title": "缴费通知", "contacts": [], "source": {"path": "x.txt", "format": "txt"},
           "deadlines": [{"date": "2025-03-18", "kind": kind, "what": None, "submit_to": None, "materials": [],
                          "contacts": [], "tentative": False, "precision": "day", "wording": "2025年3月18日"}]}
    assert [i.summary for i in select([rec], msg=Messages(lang))] == [summary]


def test_uids_are_stable_across_runs(corpus_records):
    a = [i.uid for i in select(list(corpus_records.values()))]
    b = [i.uid for i in select(list(corpus_records.values()))]
    assert a == b and len(set(a)) == len(a)


def test_alarms_are_configurable(corpus_records):
    from icalendar import Calendar

    items = select(list(corpus_records.values()))
    cal = Calendar.from_ical(to_ics(items, alarms_days=(7,)))
    triggers = {a.decoded("trigger") for a in cal.walk("VALARM")}
    assert triggers == {dt.timedelta(days=-7)}


def test_deadlines_csv_has_bom_and_is_sorted(cal_dir):
    raw = (cal_dir / "deadlines.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    dates = [r[0] for r in rows[1:]]
    assert dates == sorted(dates) and len(dates) >= len(_gold_deadlines())


def test_contact_directory_merges_a_person_across_notices():
    recs = [{"id": "a", "doc_number": "甲〔2022〕1号", "title": "A", "source": {"path": "a"},
             "contacts": [{"name": "刘煌", "org": "省教育厅职成处", "phones": ["0351-3193088"], "emails": []}]},
            {"id": "b", "doc_number": None, "title": "关于乙的通知", "source": {"path": "b"},
             "contacts": [{"name": "刘煌", "org": "山西省教育厅", "phones": ["03513193088", "13934209149"], "emails": ["x@qq.com"]}]}]
    (p,) = directory(recs)
    assert p.phones == ["0351-3193088", "13934209149"] and p.emails == ["x@qq.com"]
    assert p.orgs == ["省教育厅职成处", "山西省教育厅"] and p.notices == ["甲〔2022〕1号", "关于乙的通知"]


def test_vcards_parse_back(cal_dir):
    import vobject

    cards = list(vobject.readComponents((cal_dir / "contacts.vcf").read_text(encoding="utf-8")))
    names = {c.fn.value for c in cards}
    assert {"刘煌", "卢红", "张志民"} <= names


def test_workdays_and_years_beyond_the_holiday_table():
    assert not is_workday(dt.date(2023, 1, 14))
    assert not is_workday(dt.date(2023, 1, 23))            # Spring Festival
    assert is_workday(dt.date(2023, 1, 28))                # a make-up Saturday
    assert previous_workday(dt.date(2023, 1, 24)) == dt.date(2023, 1, 20)
    assert not is_workday(dt.date(2099, 1, 3))             # a Saturday, no table: still flagged
    assert previous_workday(dt.date(2099, 1, 3)) == dt.date(2099, 1, 2)


def test_filters_and_upcoming(corpus_out, capsys):
    recs = __import__("pipeline.record", fromlist=["read_records"]).read_records(corpus_out)
    only = select(recs, level="county")
    assert only and all(i.record["level"] == "county" for i in only)
    assert all(i.end >= dt.date(2022, 12, 1) for i in select(recs, date_from=dt.date(2022, 12, 1)))
    assert select(recs, region="海南") and all("海南" in i.record["region"]["province"] for i in select(recs, region="海南"))
    assert main(["calendar", "--out", str(corpus_out), "--upcoming", "14", "--today", "2022-11-20"]) == 0
    out = capsys.readouterr().out
    assert "2022-11-24" in out and "2022-12-09" not in out
    assert "nothing due" in upcoming_table([], dt.date(2022, 1, 1), 14, "en")
    assert "没有到期事项" in upcoming_table([], dt.date(2022, 1, 1), 14)
    assert main(["calendar", "--out", str(corpus_out), "--issuer", "山西省教育厅"]) == 0


def test_holiday_names_are_chinese_in_chinese_text():
    from pipeline.calendar import holiday_name

    assert holiday_name(dt.date(2023, 1, 2)) == "元旦"
    assert holiday_name(dt.date(2023, 10, 2)) == "国庆节"
    assert holiday_name(dt.date(2023, 10, 2), lang="en") == "National Day"
    assert holiday_name(dt.date(2023, 3, 1)) is None
    item = [i for i in select([{"id": "x", "title": "关于甲的通知", "source": {"path": "x"}, "contacts": [],
                                "deadlines": [{"date": "2023-01-02", "kind": "submission", "materials": ["总结"]}]}])]
    assert "（元旦）非工作日" in item[0].description[0]


# ---------------------------------------------------------------- the iCalendar writer (issue 13)
def _icalendar_reference(items, alarms_days, stamp, msg) -> bytes:
    """The calendar as the icalendar library writes it (what to_ics wrote before it wrote directly)."""
    from icalendar import Alarm, Calendar, Event

    from pipeline.calendar import _contact_line
    from pipeline.safe import strip_controls

    cal = Calendar()
    cal.add("prodid", "-//notice-pipeline//deadline calendar//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", msg("calendar.name"))
    s = lambda text: strip_controls(str(text), keep_newlines=False)
    for it in items:
        ev = Event()
        ev.add("uid", it.uid)
        ev.add("dtstamp", stamp)
        ev.add("summary", s(it.summary))
        ev.add("dtstart", it.start)
        ev.add("dtend", it.end + dt.timedelta(days=1))
        ev.add("description", "\n".join(s(line) for line in it.description))
        ev.add("status", "TENTATIVE" if it.tentative else "CONFIRMED")
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", [s(it.record.get("doc_number") or msg("calendar.no_doc_number")), msg(f"calendar.{it.kind}")])
        if it.entry.get("place"):
            ev.add("location", s(it.entry["place"]))
        for c in it.contacts:
            ev.add("contact", s(_contact_line(c, msg)))
        if it.nonworkday:
            ev.add("x-notices-nonworkday", "TRUE")
            ev.add("x-notices-previous-workday", it.previous_workday.isoformat())
        if it.kind == "deadline":
            for days in alarms_days:
                al = Alarm()
                al.add("action", "DISPLAY")
                al.add("description", s(msg("calendar.alarm", days=days, summary=it.summary)))
                al.add("trigger", dt.timedelta(days=-days))
                ev.add_component(al)
        cal.add_component(ev)
    return cal.to_ical()


def _parsed(ics: bytes):
    from icalendar import Calendar

    def walk(c):
        return (c.name, sorted((k, v.to_ical() if hasattr(v, "to_ical") else repr(v)) for k, vs in c.items()
                               for v in (vs if isinstance(vs, list) else [vs])), [walk(x) for x in c.subcomponents])

    return walk(Calendar.from_ical(ics))


@pytest.mark.parametrize("alarms,lang", [((3, 1), "zh"), ((), "zh"), ((0, 7), "zh"), ((3, 1), "en")])
def test_ics_written_directly_reads_back_as_the_icalendar_librarys(corpus_records, alarms, lang):
    from pipeline.i18n import Messages

    msg = Messages(lang)
    stamp = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    recs = list(corpus_records.values())
    recs[0] = {**recs[0], "doc_number": "逗号,分号;反斜杠\\换行\n", "deadlines": [
        {**d, "what": "很长的事项" * 40 + "\\" + "；,;"} for d in recs[0].get("deadlines") or []]}
    items = select(recs, msg=msg)
    ours = to_ics(items, alarms, msg, stamp=stamp)
    assert _parsed(ours) == _parsed(_icalendar_reference(items, alarms, stamp, msg))
    assert all(len(line) <= 75 for line in ours.split(b"\r\n"))
    assert ours.decode("utf-8")  # folds never split a character


# ---------------------------------------------------------------- the calendar streamed from the index
@pytest.fixture(scope="module")
def copies_out(tmp_path_factory):
    """The shipped corpus with two notices twice more (another file name, a line of its own): copies
    of one notice that the calendar merges, spread over the index's order."""
    from pipeline.store import ingest

    src = tmp_path_factory.mktemp("copies_src")
    for f in sorted(CORPUS.glob("*.txt")):
        (src / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    for f in sorted(CORPUS.glob("*.txt"))[:2]:
        (src / f"zz_{f.name}").write_text(f.read_text(encoding="utf-8") + "\n（网页转载）\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("copies_out")
    assert ingest([src], out).ok
    return out


def test_merged_records_from_the_index_are_merge_copies_of_the_records(copies_out):
    from pipeline.calendar import calendar_view, merge_copies, merged_records
    from pipeline.db import CALENDAR_KEYS, load_records

    whole = merge_copies([calendar_view(r) for r in load_records(copies_out, keys=CALENDAR_KEYS)])
    streamed = sorted(merged_records(copies_out), key=lambda r: r["id"])
    assert streamed == whole
    assert any(len(r["records"]) == 2 for r in streamed)   # the copies were merged


def test_spilled_items_are_select_merged_in_any_order_of_records(copies_out):
    from pipeline.calendar import calendar_view, merge_copies, select_merged, spill_items
    from pipeline.db import CALENDAR_KEYS, load_records

    merged = merge_copies([calendar_view(r) for r in load_records(copies_out, keys=CALENDAR_KEYS)])
    # one notice under two ids: two items share each UID, and the one of the first id stays
    twin = dict(merged[0], id="~twin", title="另一份标题")
    merged.append(twin)
    want = select_merged(merged)
    for order in (merged, merged[::-1]):
        got = spill_items(order)
        assert [(i.uid, i.record["id"], i.summary, i.entry) for i in got] == \
               [(i.uid, i.record["id"], i.summary, i.entry) for i in want]
        assert len(got) == len(want) and got.count("deadline") == sum(i.kind == "deadline" for i in want)
        assert [r["id"] for r in got.records()] == sorted(r["id"] for r in merged)


def test_write_calendar_writes_what_the_lists_give(copies_out, tmp_path):
    """write_calendar (streamed) and the in-memory lists write the same calendar and sheets."""
    from pipeline.calendar import (calendar_view, deadlines_csv, directory, ics_lines, merge_copies, select_merged,
                                   vcards)
    from pipeline.db import CALENDAR_KEYS, load_records

    merged = merge_copies([calendar_view(r) for r in load_records(copies_out, keys=CALENDAR_KEYS)])
    items = select_merged(merged)
    write_calendar(copies_out)
    stamp = lambda b: b"\n".join(x for x in b.split(b"\n") if not x.startswith(b"DTSTAMP"))  # noqa: E731
    assert stamp((copies_out / "calendar.ics").read_bytes()) == stamp(b"".join(ics_lines(items)))
    assert (copies_out / "deadlines.csv").read_bytes().decode("utf-8") == deadlines_csv(items)
    assert (copies_out / "contacts.vcf").read_bytes().decode("utf-8") == "".join(vcards(directory(merged)))
