"""Displaced opening brackets put back at text level (pipeline/brackets.py), on lines of real
notices (the training part of the dev corpus) as extraction displaces them: the 《 moved to the
line end, or on a line of its own just above or below."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.brackets import cues_from, repair_lines, repair_raw_lines
from pipeline.clean import RawLine, build_document
from pipeline.rules import load_rules


@pytest.fixture(scope="module")
def cues():
    return cues_from(load_rules().data["layout"])


REAL_LINES = [
    # 001: the cue before the title's own 关于; cues inside the title (学习, 贯彻) do not count
    "要按照《中共中央关于认真学习宣传贯彻党的二十大精神的决定》的部署要求,",
    # 502: a list number opens the line
    "2. 《国务院关于加快发展现代职业教育的决定》",
    # 518: two titles joined by 、
    "施,并于8月30日前,将《职业技能鉴定国家题库地市级分库评估表》、《职业技能鉴定所(站)评估表》报送",
    # 526: a form to fill in
    "并按要求认真填写《课题申请.评审书》(附件2)并",
    # 411: quotes inside the title
    "根据《关于开展2021年温州市“文化礼堂·社区学校”共同体创评工作的通知》(温教职〔2021〕95号)、",
    # 101: after a doc number, the title
    "各地在活动周期间,要按照《中共中央关于认真学习宣传贯彻党的二十大精神的决定》的部署要求,",
]


def _displace(line: str) -> str:
    return line.replace("《", "") + "《" * line.count("《")


@pytest.mark.parametrize("line", REAL_LINES)
def test_title_bracket_moved_to_the_line_end_goes_back(cues, line):
    assert repair_lines([_displace(line)], cues) == [line]


@pytest.mark.parametrize("line", REAL_LINES)
@pytest.mark.parametrize("where", ["above", "below"])
def test_title_bracket_on_a_line_of_its_own_goes_back(cues, line, where):
    body, alone = line.replace("《", ""), "《" * line.count("《")
    lines = [alone, body] if where == "above" else [body, alone]
    out = repair_lines(lines, cues)
    assert [x for x in out if x is not None] == [line]


@pytest.mark.parametrize("displaced, repaired", [
    ("(温教职2021〕95号)、〔", "(温教职〔2021〕95号)、"),  # a doc number's 〔 before its year
    ("继续将“智慧助老”作为今年活动的重要内容,开展书香家庭”等活动“", "继续将“智慧助老”作为今年活动的重要内容,开展“书香家庭”等活动"),
])
def test_doc_number_bracket_and_quote_go_back(cues, displaced, repaired):
    assert repair_lines([displaced], cues) == [repaired]


@pytest.mark.parametrize("lines", [
    # 408: two strays, one title still open at the line end: where the second opens is unknown
    ["型社会”等奋斗目标,根据教育部办公厅关于举办2021年全民终身学习活动周的通知》省教育厅办公室关于做好《《"],
    # a title wrapped after its 《, closed on the next line with another opened: a real layout
    ["按照《关于开展", "读书活动的通知》和《", "中小学生读书活动方案》要求"],
    # an open quote continuing on the next line
    ["他在讲话中指出：“", "要认真做好活动周各项工作。”"],
    # a closer with no stray anywhere: nothing to put back
    ["关于做好学区制建设指导意见》的通知"],
    # a stray with no unmatched closer: left
    ["请参阅附件《"],
])
def test_lines_that_show_no_displacement_are_left(cues, lines):
    assert repair_lines(lines, cues) == lines


def test_repair_in_every_format_keeps_the_source_lines():
    raw = [RawLine("各单位:", 1, 1), RawLine(_displace(REAL_LINES[0]), 1, 2), RawLine("特此通知。", 1, 3)]
    doc = build_document(raw, "x.txt", "txt")
    assert REAL_LINES[0].rstrip(",") in doc.text
    assert [o[1:] for o in doc.origins] == [(1, 1), (1, 2), (1, 3)]
    # a stray on a line of its own goes with its line; the source line it came from is dropped
    raw = [RawLine("《", 1, 1), RawLine(REAL_LINES[1].replace("《", ""), 1, 2)]
    assert [(l.text, l.line) for l in repair_raw_lines(raw)] == [(REAL_LINES[1], 2)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="关于通知根据《》“”〔〕,。2021年 ", max_size=40), max_size=5))
def test_repair_only_moves_openers(lines):
    cues = cues_from(load_rules().data["layout"])
    out = repair_lines(lines, cues)
    ink = lambda texts: sorted("".join(texts).replace(" ", ""))  # noqa: E731
    # the same characters: openers moved, never added or lost (a stray-only line goes into another)
    assert ink(x for x in out if x is not None) == ink(lines)
