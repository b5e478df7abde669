"""Topics and requirements, one phenomenon per case, on sentences of real notices."""
import pytest

from tests.conftest import extract_text

HEAD = "某某市教育局\n关于开展有关工作的通知\n各县（市、区）教育局：\n"
SIGN = "\n某某市教育局\n2023年3月17日\n"


def labels(body, head=HEAD, sign=SIGN):
    rec = extract_text(head + body + sign)
    return set(rec["topics"]), set(rec["requirements"])


REQUIREMENTS = [
    # a cue inside a name asks for nothing
    ("领导小组 in a unit's name", "由长沙市社区教育工作领导小组办公室组织专家进行评审并向省级推荐。", set()),
    ("防控 in a meeting's name", "定于3月20日召开全市教育系统疫情防控工作会议，请各单位分管领导参加。", set()),
    ("领导小组 set up", "各地要成立工作领导小组，加强组织协调。", {"leadership"}),
    ("a 领导小组 whose demands are followed", "按照鞍山市暑期学生安全及防溺水工作领导小组工作要求,市教育局决定发放一封信。", set()),
    ("a 领导小组 a plan is filed with", "由省教育厅汇总后按程序报省教育体制改革领导小组备案。", set()),
    # a list of who takes part
    ("participants line", "二、参会人员\n各县（市、区）教育局分管领导、领导小组成员\n三、会议地点\n市教育局三楼会议室", set()),
    # 报送 only with what is reported
    ("报送 of application forms", "三、材料报送\n各单位于5月31日前将申报表报送市教育局。", set()),
    ("报送 of the activity's results",
     "解祖国和家乡发展的新成就新风貌,并于4月28日之前将开展活动的情况报送至区教育局团工委。", {"summary_report"}),
    ("材料征集", "为推动湖南社区教育持续健康发展,现将相关材料征集事项通知如下:", {"summary_report"}),
    # a form named in 《》 is still a form to fill; a cited document's title is not read
    ("form in brackets",
     "请各实验区、示范区填写《2015年社区教育实验区(示范区)工作情况调查统计表》(见附件1)。", {"statistics_form"}),
    ("statistics report forms", "2、报表交报的时间:2010年3月31日。省属高校交报校办产业统计报表(纸质)一份。", {"statistics_form"}),
    ("an application form is no statistics form", "1.《学习型家庭申报表》(一式三份)\n2.请于5月31日前报送。", set()),
    # the issuer's own plan, attached
    ("plan of the issuer, attached",
     "本届活动将以“青少年读书网”为官方平台,通过荐书、选书、赠书、导读、征文大赛等环节开展活动(具体活动方案见附件)。", set()),
    ("plan asked of the recipients", "5.按照附件模板制定好实施方案,4月中旬将实施方案报教务处。", {"implementation_plan"}),
    # health checks are epidemic control
    ("health checks", "3.会前体温≥37.3 ℃或有疑似症状的不参会;参会时佩戴蓝色医用口罩。", {"epidemic_control"}),
    ("加强领导 and funds",
     "(一)加强领导。各分校要高度重视,主要领导要亲自部署、督促。要组织专门力量、安排专项经费,集中精力做好材料的收集整理。", {"leadership"}),
]


@pytest.mark.parametrize("phenomenon,body,expected", REQUIREMENTS, ids=[r[0] for r in REQUIREMENTS])
def test_requirements(phenomenon, body, expected):
    assert labels(body)[1] == expected


def test_statistics_form_named_in_the_attachments():
    body = "于8月至11月的每月月底前，将招生进展情况函报教育部职成司。\n附件：1.中等职业学校招生情况表\n2.招生进展情况说明"
    assert "statistics_form" in labels(body)[1]


TOPICS = [
    ("宣讲 of another meeting is no party-congress study",
     "为深入学习贯彻全国职业教育工作会议精神,经研究,我部决定近期开展全国职业教育工作会议精神宣讲活动。", set()),
    ("宣讲 of the party congress", "各地要组织开展党的二十大精神宣讲活动。", {"party_congress_study"}),
    ("a skills contest is no vocational training",
     "请梳理统计本系部教师指导学生参加各级职业技能竞赛的获奖情况。", set()),
    ("trainees named in the participants list",
     "市本级党政机关、公共服务、教育行业从业人员,以及户籍或工作在市区的社会人员,均可自愿报名。", {"vocational_training"}),
    ("a channel where the issuer publishes is no publicity",
     "入选征文作品将在吴桥文化网、文化吴桥新看点微信公众号优先发表。", set()),
    ("the issuer's own reporting is no call for publicity",
     "各地各单位的活动安排请于3月8日前报送市文明办,以便届时统一宣传报道。", set()),
    ("publicity asked of the recipients", "各地要通过新闻媒体、微信公众号等加强宣传报道。", {"publicity"}),
    ("a cue called off", "5.取消学习型家庭、学习型街道(乡镇)、学习型居委会(村)等学习型组织情况的统计。", set()),
    ("reading slogans", "动员和引导全校师生爱读书、多读书、读好书、善读书,促进学思结合。", {"reading"}),
    ("digital reading", "三是利用电脑、手机等多种介质推动数字阅读。", {"reading", "digital_learning"}),
]


@pytest.mark.parametrize("phenomenon,body,expected", TOPICS, ids=[t[0] for t in TOPICS])
def test_topics(phenomenon, body, expected):
    assert labels(body)[0] == expected
