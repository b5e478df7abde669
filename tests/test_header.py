"""Header fields on real notice layouts: issuer, level, region, title, date and attachments.

Each case is a short notice in the layout a real copy had (text shortened, names of other places
where the phenomenon is general); one phenomenon a case.
"""
import pytest

from pipeline.extract import compact_date
from pipeline.extract.issuer import agency_of
from pipeline.rules import load_rules
from tests.conftest import extract_text


def fields(text):
    return extract_text(text)


BODY = "为做好有关工作，现将有关事项通知如下：\n一、工作内容\n请各单位认真组织实施，确保取得实效。\n"


@pytest.mark.parametrize("text,issuer,level", [
    # signature glued to its date on one line, a table separator after it (web copy)
    ("转发常州市《关于评选特级教师后备人才的通知》的通知\n各中小学、幼儿园及有关单位：\n" + BODY + "常州市武进区教育局 2017年9月15日 |\n",
     "常州市武进区教育局", "county"),
    # joint signers side by side over two lines: the first is the issuer
    ("关于开展2016年上海市中小学生读书系列活动的通知\n各区县教育局、未成年人保护委员会办公室：\n" + BODY +
     "上海市新闻出版局 上海市教育委员会\n上海市未成年人保护委员会办公室 共青团上海市委员会\n2016年5月24日\n",
     "上海市新闻出版局", "provincial"),
    # a signature that shortens the 版头's name is that body
    ("山东某某职业学院图书馆\n关于开展“我的读书故事”有奖征文活动的通知\n" + BODY + "图书馆\n2012年3月31日\n",
     "山东某某职业学院图书馆", "other"),
    # spaced-out signature of a city office (文明办)
    ("关于报送2013年读书活动安排的通知\n各区(县)委宣传部、文明办：\n" + BODY + "汕 头 市 文 明 办\n2013年2月21日\n",
     "汕头市文明办", "municipal"),
    # a body that names its own level instead of its place
    ("现按照有关程序予以公示，请于2023年9月13日前反馈意见。\n市推进学习型城市建设工作领导小组办公室\n2023年9月13日\n",
     "市推进学习型城市建设工作领导小组办公室", "municipal"),
])
def test_issuer_and_level_from_the_signature(text, issuer, level):
    rec = fields(text)
    assert rec["issuer"] == issuer
    assert rec["level"] == level


def test_metadata_block_of_a_government_site():
    text = ("索引号 001008003015005/2021-00269\n组配分类 其他文件 发布机构 温州市教育局\n成文日期 2021-09-29 公开方式 主动公开\n"
            "文号 温教职〔2021〕124号 有效性 有效\n关于做好2021年全市等级社区学校评审工作的通知\n"
            "各县(市、区)教育局、浙南产业集聚区文教体局：\n" + BODY)
    rec = fields(text)
    assert rec["issuer"] == "温州市教育局" and rec["level"] == "municipal"
    assert rec["doc_number"] == "温教职〔2021〕124号"
    assert rec["issue_date"] == "2021-09-29"


@pytest.mark.parametrize("text,level", [
    # no issuer printed: the addressees tell who writes
    ("各设区市、省直管县(市)教(体)育局：\n为推动我省社区教育工作的深入开展，现确认鄱阳县等13个县(区)为社区教育实验区。\n", "provincial"),
    ("各县(市、区)教育局，市直各学校：\n为做好全民终身学习活动周工作，现将有关事项通知如下：\n一、活动时间\n", "municipal"),
    ("全区各中小学、社区学院、社区教育中心、局属各单位：\n为全面展示社区教育取得的成就，经研究决定开展成果征集活动。\n", "county"),
    ("各分校(社区大学)：\n现将相关材料征集事项通知如下：\n一、征集内容\n", "other"),
    ("2023年拟录取境内研究生：\n今年研究生新生录取通知书邮寄时间预计在6月20日。\n", "other"),
    # 各区县 in Beijing is a province's addressee
    ("各区县人民政府，市建设学习型城市工作领导小组各成员单位：\n决定在全市开展第五批“首都市民学习之星”评选工作，现将具体事宜通知如下：\n", "provincial"),
    # a 我校 in the body
    ("各学院、各部门：\n为做好我校2026年继续教育缴费工作，现将有关事宜通知如下：\n", "other"),
])
def test_level_without_an_issuer(text, level):
    rec = fields(text)
    assert rec["issuer"] is None
    assert rec["level"] == level


@pytest.mark.parametrize("code,name,level,province", [
    ("教职成厅函", "教育部办公厅", "national", None),
    ("教职成司函", "教育部职业教育与成人教育司", "national", None),
    ("晋教职成函", "山西省教育厅", "provincial", "山西省"),
    ("浙教办函", "浙江省教育厅办公室", "provincial", "浙江省"),
    ("沪教委", "上海市教育委员会", "provincial", "上海市"),
    ("温教职", "温州市教育局", "municipal", "浙江省"),
    ("皖教工", "安徽省教育工会", "other", "安徽省"),
    ("苏教办职", "江苏省教育厅办公室", "provincial", "江苏省"),   # 苏 is also 苏州's, but not with 教
])
def test_agency_code_of_a_doc_number(code, name, level, province):
    a = agency_of(code, load_rules())
    assert (a["name"], a["level"], a["province"]) == (name, level, province)


@pytest.mark.parametrize("code", ["泰安机高", "苏州教", "鹿文明办", "某教发"])
def test_codes_that_only_start_like_a_place_tell_nothing(code):
    assert agency_of(code, load_rules()) is None


def test_doc_number_alone_gives_level_and_region():
    rec = fields("教职成司函[2016]57号\n各省、自治区、直辖市教育厅(教委)：\n" + BODY)
    assert rec["doc_number"] == "教职成司函〔2016〕57号"
    # the issuer is what the notice prints: none here; the body the number stands for is evidence
    assert rec["issuer"] is None and rec["level"] == "national"
    assert rec["evidence"]["issuer_inferred"]["name"] == "教育部职业教育与成人教育司"


@pytest.mark.parametrize("digits,iso", [("201479", "2014-07-09"), ("20141215", "2014-12-15"), ("2014715", "2014-07-15"),
                                        ("2014111", None), ("2014121", None), ("20140230", None)])
def test_compact_dates(digits, iso):
    d = compact_date(digits)
    assert (d.isoformat() if d else None) == iso


def test_compact_date_under_the_signature_is_the_issue_date():
    rec = fields("教育部办公厅关于开展职业教育工作会议精神宣讲活动的通知\n各省、自治区、直辖市教育厅(教委)：\n" + BODY +
                 "教育部办公厅\n201479\n")
    assert rec["issue_date"] == "2014-07-09"


def test_traditional_mirror_with_pinyin_gives_simplified_values():
    rec = fields("關(guān)于做好2015年社區(qū)教育工作情況調(diào)查統(tǒng)計的通知\n教職成司函[2016]57號\n"
                 "各省、自治區(qū)、直轄市教育廳(教委)：\n" + BODY)
    assert rec["title"] == "关于做好2015年社区教育工作情况调查统计的通知"
    assert rec["doc_number"] == "教职成司函〔2016〕57号"


@pytest.mark.parametrize("text,title", [
    # a heading is never the title, however it ends (四、评比办法)
    ("2019某镇社区教育“全民读书节”有奖征文活动启事\n发布人:admin  发布时间:2019/9/24 8:58:04\n"
     "为庆祝建国七十周年，决定联合开展读书有奖征文活动。现将有关事项通知如下：\n一、活动主题\n四、评比办法\n征文结束后评出获奖作品。\n",
     "2019某镇社区教育“全民读书节”有奖征文活动启事"),
    # the site name above a breadcrumb is not the title
    ("研究生招生信息网\n\n当前位置: 主页 > 招生信息 > 博士招生\n\n关于2023年拟录取研究生录取通知书邮寄地址校对的通知\n\n"
     "时间:2023-05-31 10:45来源: 作者: 点击:\n\n2023年拟录取境内研究生:\n\n今年录取通知书邮寄时间预计在6月20日。\n",
     "关于2023年拟录取研究生录取通知书邮寄地址校对的通知"),
    # a copy that starts mid-notice has no title; what follows the date is page junk
    ("2019年继续实施招生通报制度。请各地于2019年6月1日前，将招生计划函报教育部职成司。\n教育部办公厅\n2019年2月15日\n"
     "答案来源于:2019年某县中等职业学校招生工作通知\n", None),
])
def test_title(text, title):
    assert fields(text)["title"] == title


@pytest.mark.parametrize("tail,names", [
    # a bare 附: after the date names one attachment; the table under it is no list
    ("某某市文明办\n2013年2月21日\n附:\n2013年“书香飘万家”系列读书活动报送表\n单位(盖章):           联系人:         电话:\n活动名称\n",
     ["2013年“书香飘万家”系列读书活动报送表"]),
    # an issuer before 《title》 and the number after it are not part of the name
    ("附:安徽省教育工会女教职工委员会《关于开展第一届“书香天使”读书活动的通知》(皖教工〔2017〕5号),2017年元月13日)\n院工会\n2017年3月6日\n",
     ["关于开展第一届“书香天使”读书活动的通知"]),
    # file links keep their extension as printed; a name given twice counts once
    ("附件:\n2019年招生情况.docx\n中等职业学校招生情况表(截至2019年月).docx\n教育部办公厅\n2019年2月15日\n",
     ["2019年招生情况.docx", "中等职业学校招生情况表(截至2019年月).docx"]),
    ("附件:2020年新增社区教育实验区和示范区名单\n2020年1月27日\n2020年新增社区教育实验区和示范区名单.doc\n",
     ["2020年新增社区教育实验区和示范区名单"]),
    # an unnumbered second entry before the signature
    ("附件:省教育厅关于做好2022年本科教育建设工程项目有关工作的通知\n湖北省普通本科高校优秀基层教学组织申报书\n教务处\n2022年5月16日\n",
     ["省教育厅关于做好2022年本科教育建设工程项目有关工作的通知", "湖北省普通本科高校优秀基层教学组织申报书"]),
    # 附件1. with a full stop (college site)
    ("附件1.2024年培训项目表(高职、中职).xlsx\n附件2.培训项目申报书.docx\n",
     ["2024年培训项目表(高职、中职).xlsx", "培训项目申报书.docx"]),
])
def test_attachment_list(tail, names):
    text = "关于做好某项工作的通知\n各有关单位：\n" + BODY + tail
    assert fields(text)["attachments"] == names


def test_attachments_named_inline_when_the_list_is_cut_off():
    text = ("关于做好社区教育实验区申报工作的通知\n各县区教育局：\n"
            "各申报单位须按照修订后的《陕西省社区教育实验区评估指标体系》(附件1)、《陕西省社区教育示范区评估指标体系》(附件2)，做好规划。\n")
    assert fields(text)["attachments"] == ["陕西省社区教育实验区评估指标体系", "陕西省社区教育示范区评估指标体系"]


@pytest.mark.parametrize("sentence,names", [
    ("请各分部、学院组织填写《系统外学习中心自查表》(具体见附件1)，于11月4日前报送。", ["系统外学习中心自查表"]),
    ("缴费操作方法见附件《网上缴费流程》。", ["网上缴费流程"]),
    ("三、请各二级培养单位提交2023级新生报到情况统计表(见附件)，注明报到情况。", ["2023级新生报到情况统计表"]),
    ("请根据中国化学会主办国内学术活动申报表(附件1)，每项活动填报一份。", ["中国化学会主办国内学术活动申报表"]),
])
def test_attachments_named_inline_in_other_forms(sentence, names):
    text = "关于做好某项工作的通知\n各有关单位：\n" + sentence + "\n"
    assert fields(text)["attachments"] == names
