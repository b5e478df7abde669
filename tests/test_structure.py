"""GB/T 9704-2012 parts on real notices and on variants of their layout."""
import pytest

from pipeline.extract.docnumber import find_doc_numbers, normalize_doc_number, parse_doc_number
from pipeline.load import load
from pipeline.structure import section_path, segment
from tests.conftest import CORPUS, doc_from_text


def seg(name):
    doc = load(CORPUS / name)
    return doc, segment(doc)


def test_full_layout_with_red_header_and_banji():
    doc, st = seg("000_4e4d97b52702877a.txt")
    assert st.issuer_mark.text == "丽水市社区教育领导小组办公室文件"
    assert st.doc_number.text == "丽社教办〔2022〕2号"
    assert st.title.text.replace("\n", "") == "丽水市社区教育领导小组办公室关于举办丽水市2022年全民终身学习活动周的通知"
    assert st.recipients.text == "各县（市、区）教育局，有关学校、单位"
    assert st.signature.text == "丽水市社区教育领导小组办公室"
    assert st.date.text == "2022年11月21日"
    assert st.note.text == "（此件公开发布）"
    assert st.cc.text.startswith("抄送：省教育厅")
    assert st.printer.text.endswith("印发")
    assert [s.marker for s in st.sections] == ["一、", "二、", "三、", "四、"]
    assert [c.marker for c in st.sections[1].children] == ["（一）", "（二）", "（三）", "（四）"]


def test_notice_without_doc_number_or_banji():
    doc, st = seg("003_cbb5827721edf22d.txt")
    assert st.doc_number is None and st.cc is None and st.issuer_mark is None
    assert st.title.text.replace("\n", "") == "关于举办2022年吉林省暨长春市全民终身学习活动周的通知"
    assert st.signature.text == "吉林省教育厅"
    # 主送机关 wrapped over two lines
    assert st.recipients.text == "各市（州）教育局，长白山管委会教育科技局，梅河口市教育局，各高等院校"


def test_attachment_note_with_numbered_entries_and_seal_line():
    doc, st = seg("004_2a45d8b675625f29.txt")
    assert [a.text for a in st.attachment_names] == ["2022年全民终身学习活动周主要活动安排表", "2022年全民终身学习活动周情况统计表"]
    assert st.signature.text.startswith("常州市武进区社区教育委员会办公室")


def test_attachment_bodies_after_the_banji():
    doc, st = seg("002_fc2eac345f00a229.txt")
    assert st.appendix_start is not None and st.appendix_start > st.cc.start
    assert [a.text for a in st.attachment_names] == ["山西省2022年全民终身学习活动周情况统计表"]


def test_web_copy_doc_number_under_title_and_boilerplate():
    doc, st = seg("122_jiangsu_guangongwei_2013_anli_zhengji.txt")
    assert st.doc_number.text == "苏教关秘〔2013〕6号"
    assert st.title.text == "关于征集“老少共话中国梦”优秀案例的通知"
    footer = doc.text.index("Copyright")
    assert any(a <= footer < b for a, b in st.boilerplate)
    # headings written "1." are the top level of the tree here
    assert [s.marker for s in st.sections] == ["1.", "2.", "3."]


def test_web_copy_with_page_title_line_above():
    doc, st = seg("101_moe_2022_lifelong_week.txt")
    assert st.title.text == "教育部办公厅关于举办2022年全民终身学习活动周的通知"
    assert st.doc_number.text == "教职成厅函〔2022〕22号"
    assert st.date is None  # the copy is cut off before the signature


def test_headings_in_other_styles_and_chinese_numeral_date():
    text = """平遥县教育局
关于开展2023年学习活动的通知
各乡镇中心学校：
一、活动内容
1、开展读书活动
⑴好书推荐
⑵读书沙龙
2、开展讲座
二、工作要求
请于3月10日前报送总结。
平遥县教育局
二〇二三年二月二十日
"""
    doc = doc_from_text(text)
    st = segment(doc)
    assert st.title.text == "关于开展2023年学习活动的通知"
    assert st.date.text == "二〇二三年二月二十日"
    assert st.signature.text == "平遥县教育局"
    one = st.sections[0]
    assert one.marker == "一、" and [c.marker for c in one.children] == ["1、", "2、"]
    assert [g.marker for g in one.children[0].children] == ["⑴", "⑵"]
    off = doc.text.index("读书沙龙")
    assert [s.marker for s in section_path(st.sections, off)] == ["一、", "1、", "⑵"]


def test_signer_line_in_header():
    text = "某某省教育厅文件\n某教发〔2023〕5号          签发人：张三\n关于做好某项工作的通知\n各市教育局：\n正文。\n某某省教育厅\n2023年3月1日\n"
    doc = doc_from_text(text)
    st = segment(doc)
    assert st.doc_number.text.replace(" ", "") == "某教发〔2023〕5号"
    assert st.signer.text == "张三"


@pytest.mark.parametrize("raw", ["晋教职成函〔2022〕108号", "晋教职成函[2022]108号", "晋教职成函（2022）108号",
                                 "晋教职成函【2022】108号", "晋教职成函［2022］108号", "晋教职成函(2022)108号",
                                 "晋教职成函 〔 2022 〕 108 号", "晋教职成函﹝2022﹞108号"])
def test_doc_number_every_bracket_form(raw):
    assert normalize_doc_number(raw) == "晋教职成函〔2022〕108号"


def test_doc_number_parts_and_running_text():
    d = parse_doc_number("教职成厅函〔2022〕22号")
    assert (d.code, d.year, d.serial) == ("教职成厅函", 2022, 22)
    found = find_doc_numbers("根据《关于推进基础教育综合改革的意见》(鲁办发〔2014〕55号)和鲁教基发[2015]3号文件")
    assert [f.text for f in found] == ["鲁办发〔2014〕55号", "鲁教基发〔2015〕3号"]


def test_a_date_alone_in_the_body_is_not_the_issue_date():
    text = ("某某市教育局\n关于举办读书节的通知\n各学校：\n一、活动日程\n开幕式\n2023年4月23日\n闭幕式\n2023年4月30日\n"
            "二、其他\n请认真组织。\n某某市教育局\n2023年4月10日\n")
    doc = doc_from_text(text)
    st = segment(doc)
    assert st.date.text == "2023年4月10日" and st.signature.text == "某某市教育局"
    assert [s.marker for s in st.sections] == ["一、", "二、"]


def test_announcement_colon_is_not_the_recipients_line():
    text = "某某大学教务处\n关于做好期末考试工作的通知\n为做好本学期期末考试工作，现将有关事项通知如下：\n一、考试时间\n1月8日至1月19日。\n教务处\n2022年12月20日\n"
    st = segment(doc_from_text(text))
    assert st.recipients is None
    assert st.title.text == "关于做好期末考试工作的通知"


def test_a_colon_line_below_the_body_is_not_the_recipients_line():
    """A web copy ending its sentences with ".": the list under the notice is no 主送 line (realworld 658)."""
    prose = ("在过去的第五届征文大赛中,我们欣喜地收到了大量的来自全国各地的少年朋友的征文稿,而且有很多学校集体参赛."
             "本次征文大赛请参赛者任选一题.")
    text = ("第六届全国中小学征文大赛启事\n" + "\n".join([prose] * 3)
            + "\n征文时间:即日起至2012年12月15日止.\n大赛组织委员会名单:\n主任某某某\n")
    st = segment(doc_from_text(text))
    assert st.recipients is None
    assert "即日起至2012年12月15日" in doc_from_text(text).text[st.body[0]:st.body[1]]


def test_a_date_opening_the_text_is_not_the_issue_date():
    """A page's date above a schedule (realworld 657): no 成文日期, the schedule is the body."""
    text = "大会重要时间\n2022年6月4日\n2022年6月上旬,网上投稿系统开放。\n2022年7月31日,论文摘要接收截止。\n2022年9月1日至9月25日:接受注册。\n"
    st = segment(doc_from_text(text))
    assert st.date is None
    assert doc_from_text(text).text[st.body[0]:st.body[1]].count("2022年") >= 3


def test_title_without_a_usual_ending_word():
    text = "某某市教育局办公室\n2023年暑期学生安全工作提醒\n各区教育局，市直各学校：\n暑期将至，请做好学生安全教育。\n某某市教育局办公室\n2023年7月1日\n"
    st = segment(doc_from_text(text))
    assert st.title.text == "2023年暑期学生安全工作提醒"
    assert st.issuer_mark.text == "某某市教育局办公室"
