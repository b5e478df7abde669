"""The time-expression normaliser against the table of real forms, plus property tests."""
import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from pipeline.extract.dates import find_times, parse_date, parse_time

TABLE = yaml.safe_load((Path(__file__).parent / "data" / "time_expressions.yaml").read_text(encoding="utf-8"))


def _check(case, base):
    t = parse_time(case["text"], case.get("base", base))
    assert t is not None, case
    if "due" in case:
        assert t.kind == "deadline", (case, t)
        assert t.end == case["due"], (case, t)
    else:
        assert t.kind != "deadline", (case, t)
        assert (t.start, t.end) == (case["start"], case["end"]), (case, t)
        assert t.tentative == bool(case.get("tentative")), (case, t)
    # the evidence span covers the expression's digits
    assert t.text and t.text in case["text"]


@pytest.mark.parametrize("case", TABLE["cases"], ids=[c["text"] for c in TABLE["cases"]])
def test_time_expression_table(case):
    _check(case, TABLE["base"])


def test_table_is_large_and_varied():
    assert len(TABLE["cases"]) >= 40
    assert len({c.get("source", "spec") for c in TABLE["cases"]}) >= 3


def test_no_dates_in_phone_numbers_and_counts():
    assert find_times("电话：0351-2724471 13834576118，推荐1-2个案例", dt.date(2022, 11, 17)) == []


def test_a_month_followed_by_a_count_is_no_date():
    # "3月6个工作日内" is no March date: a month reading would be a wrong deadline
    assert find_times("于3月6个工作日内完成", dt.date(2022, 1, 6)) == []


def test_refinement_in_brackets_is_found_separately():
    found = find_times("拟定于11月下旬（暂定11月23日之后）举办", dt.date(2022, 11, 17))
    assert [(t.start, t.end, t.tentative) for t in found] == [
        (dt.date(2022, 11, 21), dt.date(2022, 11, 30), True), (dt.date(2022, 11, 23), dt.date(2022, 11, 23), True)]


def test_issue_date_in_chinese_numerals():
    assert parse_date("二〇二二年十一月二十一日") == dt.date(2022, 11, 21)
    assert parse_date("2022 年 11 月 21日") == dt.date(2022, 11, 21)
    assert parse_date("二零一五年八月二十日") == dt.date(2015, 8, 20)


CN = "〇一二三四五六七八九"


def cn_year(y):
    return "".join(CN[int(c)] for c in str(y))


def cn_small(n):
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))


@given(dates)
def test_full_dates_in_every_written_form(d):
    forms = [f"{d.year}年{d.month}月{d.day}日", f"{d.year} 年 {d.month} 月 {d.day}日",
             f"{cn_year(d.year)}年{cn_small(d.month)}月{cn_small(d.day)}日",
             f"{d.year}.{d.month}.{d.day}", f"{d.year}-{d.month:02d}-{d.day:02d}"]
    for f in forms:
        assert parse_date(f) == d, f


@given(dates, st.integers(min_value=0, max_value=20))
def test_deadline_without_year_is_never_long_before_the_issue_date(base, ahead):
    due = base + dt.timedelta(days=ahead * 7)
    t = parse_time(f"请于{due.month}月{due.day}日前报送", base)
    assert t is not None and t.kind == "deadline"
    assert t.end == due


@given(dates, st.integers(min_value=0, max_value=9))
def test_ranges_are_ordered(base, span):
    start = base + dt.timedelta(days=3)
    end = start + dt.timedelta(days=span)
    t = parse_time(f"{start.year}年{start.month}月{start.day}日—{end.year}年{end.month}月{end.day}日", base)
    assert (t.start, t.end) == (start, end)
