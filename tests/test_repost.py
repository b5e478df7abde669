"""Repairs of reposting damage (pipeline/repost.py), one phenomenon a case, on real lines."""
import pytest
from hypothesis import given, strategies as st

from pipeline.repost import repair_line, split_flattened
from pipeline.rules import load_rules


@pytest.fixture(scope="module")
def data():
    return load_rules().data["repost"]


REPAIRS = [
    # pinyin with tone marks after traditional characters (GB->Big5 mirror)
    ("關(guān)于做好2015年社區(qū)教育工作情況調(diào)查統(tǒng)計的通知", "關于做好2015年社區教育工作情況調查統計的通知"),
    # toneless pinyin, repeated after one character, and after the doc number's 號
    ("校外教(jiao)(jiao)學(xue)(xue)(xue)點(dian)設置", "校外教學點設置"),
    ("教職成廳〔2022〕1號(hao)", "教職成廳〔2022〕1號"),
    # the lost full stop and shifted bytes of the next characters
    ("統(tǒng)計?,F(xiàn)將有關(guān)事項通知如下:", "統計。現將有關事項通知如下:"),
    ("11月2日?;顒又芷陂g,市教育局將巡查", "11月2日。活動周期間,市教育局將巡查"),
    ("知識點(diǎn)??蛇x擇道德修養(yǎng)", "知識點。可選擇道德修養"),
    # a zero lost inside a Chinese-numeral year
    ("二�一一年五月六日", "二〇一一年五月六日"),
    # variant forms OpenCC keeps
    ("陜西省教育厅", "陕西省教育厅"),
    # what is not pinyin stays
    ("评选等级分为(A)(B)(C)三档", "评选等级分为(A)(B)(C)三档"),
    ("联系电话(0351)3193088", "联系电话(0351)3193088"),
    ("报送邮箱(xue@163.com)", "报送邮箱(xue@163.com)"),
    ("Word(doc)格式", "Word(doc)格式"),
    ("要求(a)和(b)两项", "要求(a)和(b)两项"),
    ("请问?这是什么", "请问?这是什么"),
    ("联系人:童熠?nbsp; 电话", "联系人:童熠?nbsp; 电话"),
]


@pytest.mark.parametrize("raw,fixed", REPAIRS)
def test_repair_line(data, raw, fixed):
    assert repair_line(raw, data) == fixed


FLATTENED = [
    # a college repost of a provincial notice: 版头 and doc number on one line
    ("江苏省教育厅办公室文件 苏教办职[2011]3号", ["江苏省教育厅办公室文件", "苏教办职[2011]3号"]),
    # the whole notice on one line
    ("各市人力资源和社会保障局: 现将部办公厅《关于开展评估工作的函》转发给你们,请各地高度重视,并于8月30日前将评估表报送我厅。"
     "我厅将在9月上旬对部分市评估情况进行抽查。 联系人:省职业技能鉴定中心马进,025-83271729。 二〇一二年七月二十七日 附件下载 :关于开展评估工作的函",
     ["各市人力资源和社会保障局:",
      "现将部办公厅《关于开展评估工作的函》转发给你们,请各地高度重视,并于8月30日前将评估表报送我厅。我厅将在9月上旬对部分市评估情况进行抽查。",
      "联系人:省职业技能鉴定中心马进,025-83271729。", "二〇一二年七月二十七日", "附件下载 :关于开展评估工作的函"]),
    ("为深入贯彻党的十九大精神,进一步培养广大未成年人好读书、读好书的良好习惯,经研究,定于在全市开展红领巾读书征文评奖活动。现将有关事项通知如下 一、活动主题 红领巾读书征文活动主题为“快乐阅读放飞梦想” 二、有关要求 1.参加对象为全市小学和中学初中学生 2.征文内容必须围绕主题",
     ["为深入贯彻党的十九大精神,进一步培养广大未成年人好读书、读好书的良好习惯,经研究,定于在全市开展红领巾读书征文评奖活动。现将有关事项通知如下", "一、活动主题 红领巾读书征文活动主题为“快乐阅读放飞梦想”", "二、有关要求", "1.参加对象为全市小学和中学初中学生",
      "2.征文内容必须围绕主题"]),
]


@pytest.mark.parametrize("line,parts", FLATTENED)
def test_split_flattened(data, line, parts):
    assert split_flattened(line, data) == parts


def test_short_lines_keep_their_spaces(data):
    # a paragraph of normal length keeps a space between phrases, a schedule keeps its time
    for line in ["活动主题：深化全民学习 助力“两个先行”", "报名时间 2022年12月2日", "联系人： 张三 电话： 0351-3193088"]:
        assert split_flattened(line, data) == [line]


cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
text = st.text(st.one_of(cjk, st.sampled_from(list("()（）?,;0123456789abcxyzāǎ。：、 \ufffd"))), max_size=60)


@given(text)
def test_repair_is_idempotent_and_never_grows(data, s):
    once = repair_line(s, data)
    assert repair_line(once, data) == once
    assert len(once) <= len(s)
