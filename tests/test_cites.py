"""Cited documents, one phenomenon per case, on sentences of real notices."""
import pytest

from tests.conftest import extract_text

HEAD = "某某省教育厅\n关于开展2023年有关工作的通知\n各市教育局：\n"
SIGN = "\n某某省教育厅\n2023年3月17日\n"


def cites(body, head=HEAD, sign=SIGN):
    """(number, title) pairs; a title compares from its 关于 on (an issuer before it is optional)."""
    def key(t):
        return t[t.find("关于"):] if t and "关于" in t else t
    return {(c["doc_number"], key(c["title"])) for c in extract_text(head + body + sign)["cites"]}


CASES = [
    ("title wrapped across lines",
     "根据《教育部办公厅关于做好2009年度全国普通高校\n校办产业统计工作的通知》（教技发厅函〔2009〕5号）要求，现将有关事项通知如下。",
     {("教技发厅函〔2009〕5号", "关于做好2009年度全国普通高校校办产业统计工作的通知")}),
    ("numbers in square brackets, a second title without issuer",
     "为贯彻落实《教育部办公厅关于开展义务教育阶段学校“减负万里行·第2季”活动的通知》(教基一厅函[2014]13号)和《关于继续深化“身边的好学校”主题宣传活动的通知》(教基一司函[2014]18号)要求,经研究,决定在全省开展“身边的好学校”主题宣传活动。",
     {("教基一厅函〔2014〕13号", "关于开展义务教育阶段学校“减负万里行·第2季”活动的通知"),
      ("教基一司函〔2014〕18号", "关于继续深化“身边的好学校”主题宣传活动的通知")}),
    ("a number with spaces inside", "按照教 职 成 〔2016〕 4 号文件要求，做好社区教育工作。", {("教职成〔2016〕4号", None)}),
    ("a number that lost its closing bracket",
     "按照益阳市少工委办公室“益少发〔20171号”文件的要求,现将全国少工委办公室《关于开展“喜迎十九大——我向习爷爷说句心里话”主题活动的通知》转发给你们。",
     {("益少发〔2017〕1号", None), (None, "关于开展“喜迎十九大——我向习爷爷说句心里话”主题活动的通知")}),
    ("a report being written is no document",
     "编撰《湖南社区教育发展报告》,是贯彻落实湖南省教育厅等九部门《关于进一步推进社区教育发展的实施意见》和《湖南省老年教育发展规划(2019-2022年)》的重要举措。年内将组织编撰《湖南社区教育发展报告(2019-2020)》。",
     {(None, "关于进一步推进社区教育发展的实施意见"), (None, "湖南省老年教育发展规划(2019-2022年)")}),
    ("a compilation cited as a rule",
     "根据《江苏省职业院校技能大赛制度汇编》,团体赛预报名少于5个队,个人赛项少于10人的拟办赛项原则上予以缓办。",
     {(None, "江苏省职业院校技能大赛制度汇编")}),
    ("this notice's own attachments are no cites",
     "按照《关于开展2022年湖南省“百姓学习之星”“学习团队”“学习型家庭”和“终身学习品牌项目”评选工作的通知》要求，决定开展评选活动。\n"
     "附件1:《学习型家庭评选标准》\n附件2:《学习型家庭申报表》",
     {(None, "关于开展2022年湖南省“百姓学习之星”“学习团队”“学习型家庭”和“终身学习品牌项目”评选工作的通知")}),
    ("a quoted document handed down",
     "一、各校按照国家开放大学下发的“2017年1月广播电视大学全国统一考试考点公示”,对公示表栏目内容进行核对补充(见附件1)。",
     {(None, "2017年1月广播电视大学全国统一考试考点公示")}),
    ("a standing rule named without 《》",
     "注:根据兰州大学高等学历继续教育学生学籍管理规定,新生未按期办理入学缴费注册手续者,视为放弃入学资格。",
     {(None, "兰州大学高等学历继续教育学生学籍管理规定")}),
    ("a plan named as data is no cite",
     "根据安庆市教育局2011年高中阶段招生计划,今年我县中职招生任务为5100名。", set()),
    ("a unit's notice named without a title is no cite",
     "根据全国教育科学规划领导小组办公室通知精神，启动专项课题的申报工作。", set()),
]


@pytest.mark.parametrize("phenomenon,body,expected", CASES, ids=[c[0] for c in CASES])
def test_cites(phenomenon, body, expected):
    assert cites(body) == expected


def test_the_forwarded_attachment_is_cited():
    body = ("根据全国教育科学规划领导小组办公室通知(附件1)精神,从2010年6月8日起,启动全国教育科学规划专项课题的申报工作。\n"
            "附件1:全国教育科学规划领导小组办公室关于组织申报“全国教育科学规划科学教育研究专项课题”的通知.doc\n"
            "附件2:全国教育科学规划专项课题申请评审书.doc")
    assert cites(body, head="某某学院\n关于申报专项课题的通知\n院属各单位：\n", sign="\n教务处\n2010年6月29日\n") == {
        (None, "关于组织申报“全国教育科学规划科学教育研究专项课题”的通知")}


def test_a_forwarding_notice_cites_what_the_forwarded_text_cites():
    head = "湖北省教育厅办公室\n关于转发《教育部办公厅关于做好学校防灾减灾工作的通知》的通知\n各市、州教育局：\n"
    body = "现将《教育部办公厅关于做好学校防灾减灾工作的通知》(教发厅〔2017〕4号)转发给你们。各地各校要高度重视。"
    sign = ("\n湖北省教育厅办公室\n2017年4月26日\n教育部办公厅关于做好学校防灾减灾工作的通知\n各省、自治区、直辖市教育厅（教委）：\n"
            "为贯彻落实《国务院办公厅关于印发国家综合防灾减灾规划（2016—2020年）的通知》（国办发〔2016〕104号）精神，现就做好学校防灾减灾工作通知如下。\n")
    got = cites(body, head=head, sign=sign)
    assert ("教发厅〔2017〕4号", "关于做好学校防灾减灾工作的通知") in got
    assert ("国办发〔2016〕104号", "关于印发国家综合防灾减灾规划（2016—2020年）的通知") in got
