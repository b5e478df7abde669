"""Themes and hosting units, one phenomenon per case, on sentences of real notices."""
import pytest

from tests.conftest import extract_text

HEAD = "某某市教育局\n关于开展2023年全民阅读活动的通知\n各县（市、区）教育局：\n"
SIGN = "\n某某市教育局\n2023年3月17日\n"


def fields(body):
    return extract_text(HEAD + body + SIGN)


THEMES = [
    ("heading with the theme on the next line", "一、活动周主题\n\n庆建党百年华诞 谱终身学习新篇\n二、活动时间\n2021年11月",
     ["庆建党百年华诞 谱终身学习新篇"]),
    ("heading, theme with a double space", "一、活动主题\n奋进新征程 阅读再出发\n二、活动时间\n2022年4月至6月", ["奋进新征程 阅读再出发"]),
    ("主题是 inside a sentence",
     "由红旗出版社、中国妇女报社、人民网主办的第五届“书香三八”读书活动已经启动,主题是:注重家教家风•培育家国情怀。现根据有关文件精神,请各分工会结合实际。",
     ["注重家教家风•培育家国情怀"]),
    ("主题为 a quoted phrase", "红领巾读书征文活动主题为“快乐阅读放飞梦想” 二、有关要求", ["快乐阅读放飞梦想"]),
    ("quoted phrase with a comma", "此次活动由市全民阅读活动领导小组主办,本届的主题是“阅读点亮梦想,书香成就人生”,共有十三个大活动。",
     ["阅读点亮梦想,书香成就人生"]),
    ("one item per quoted phrase", "（一）活动主题：“书香润童心”“阅读伴成长”\n", ["书香润童心", "阅读伴成长"]),
    ("主题为“…”的活动", "各校要开展主题为“我的书屋·我的梦”的农村少年儿童阅读实践活动。", ["我的书屋·我的梦"]),
    ("a quote that opens a longer theme", "（二）活动主题：“双减”背景下的家庭阅读\n", ["“双减”背景下的家庭阅读"]),
    ("以…为主题 unquoted",
     "征文要以读书与修养、读书与工作、读书与生活、读书与人生为主题,畅述读者的读书经历、读书的方法、读书的体会与收获。征文要求主题鲜明,内容新颖。",
     ["读书与修养、读书与工作、读书与生活、读书与人生"]),
    ("以“…”为主题", "在全市范围内以“书香大冶•快乐阅读”为主题,开展作品评选活动,引导全市中老年人多读书。", ["书香大冶•快乐阅读"]),
    # no theme: a sentence under the heading, a list of subjects, 主题教育活动, 主题鲜明
    ("a sentence under the heading is no slogan", "一、征文主题\n\n研究苏派教学,深化课程改革。\n二、征文对象", []),
    ("topics listed with 等主题",
     "围绕群众关心的常态化防疫、职业技能培训、全民健康、网络生活等主题,广泛开展线上线下学习活动。", []),
    ("主题教育活动 and 主题鲜明", "(一)深入推进全民终身学习主题教育活动。征文要求主题鲜明,内容新颖,题材多样。", []),
]


@pytest.mark.parametrize("phenomenon,body,expected", THEMES, ids=[t[0] for t in THEMES])
def test_themes(phenomenon, body, expected):
    assert fields(body)["themes"] == expected


def hosts(body):
    h = fields(body)["hosts"]
    return {k: v for k, v in h.items() if v}


HOSTS = [
    ("由…主办, units without a usual suffix vouched by their list",
     "推动家庭文明建设,由红旗出版社、中国妇女报社、人民网主办,中华全国总工会女职工委员会等7家单位共同支持的第五届“书香三八”读书活动已经启动。",
     {"organizer": ["红旗出版社", "中国妇女报社", "人民网"]}),
    ("units before 决定联合开展",
     "为庆祝建国七十周年,提升全民阅读素养,江都吴桥镇文联、镇文化体育站和镇社区教育中心,决定联合开展读书有奖征文活动。现将有关事项通知如下:",
     {"organizer": ["江都吴桥镇文联", "镇文化体育站", "镇社区教育中心"]}),
    ("a label with a prefix", "3月12日上午9:00在武汉工程大学科教楼开会、培训。\n会务承办单位:武汉工程大学\n会务联系人及电话:武汉工程大学科技处",
     {"undertaker": ["武汉工程大学"]}),
    ("a label followed by a clause is read as the clause",
     "一、主办单位:本活动由市文明办、市教育局、市妇联、中国移动通信集团江苏有限公司连云港分公司联合主办,市网上家长学校承办。\n二、时间:本活动从1月28日至2月28日。",
     {"organizer": ["市文明办", "市教育局", "市妇联", "中国移动通信集团江苏有限公司连云港分公司"], "undertaker": ["市网上家长学校"]}),
    ("labelled lines", "主办单位:校工会、校学生工作部、校团委、校图书馆\n承办单位:校图书馆",
     {"organizer": ["校工会", "校学生工作部", "校团委", "校图书馆"], "undertaker": ["校图书馆"]}),
    ("two labels in one sentence", "主办单位：某某市教育局，承办单位：某某市图书馆。\n", {"organizer": ["某某市教育局"], "undertaker": ["某某市图书馆"]}),
    ("list items under a heading", "三、主办单位\n1.某某市教育局\n2.某某市文化广电旅游局\n四、承办单位\n某某市图书馆\n五、活动时间\n2023年4月",
     {"organizer": ["某某市教育局", "某某市文化广电旅游局"], "undertaker": ["某某市图书馆"]}),
    ("由A主办、B承办", "本次大赛由某某省教育厅主办、某某开放大学承办。", {"organizer": ["某某省教育厅"], "undertaker": ["某某开放大学"]}),
    ("venues to work with are no hosts",
     "要主动联合图书馆、科技馆、文化馆、博物馆和体育馆等公共场馆，共同开展全民终身学习活动，推动形成长效机制。", {}),
    ("the recipients' own 举办 is no hosting", "各地要结合实际举办形式多样的读书活动。", {}),
    # realworld 647 (Leiyang 2016): media co-host a campaign
    ("media in a 协办 list", "1、主办单位:中共耒阳市委宣传部;\n2、承办单位:耒阳市教育局;\n3、协办单位:耒阳新闻网、耒阳手机报、耒阳时刻新闻客户端。",
     {"organizer": ["中共耒阳市委宣传部"], "undertaker": ["耒阳市教育局"],
      "co_organizer": ["耒阳新闻网", "耒阳手机报", "耒阳时刻新闻客户端"]}),
    # realworld 669 (Hebei 2022): the offices of periodicals, with 《》
    ("periodicals' 编辑部 in a list", "主办单位:河北省教育宣传中心\n承办单位:《河北教育》编辑部、《初中生周报》编辑部、《小学生必读》编辑部",
     {"organizer": ["河北省教育宣传中心"], "undertaker": ["《河北教育》编辑部", "《初中生周报》编辑部", "《小学生必读》编辑部"]}),
    # realworld 659 (Guangdong 2015): 协办 inside 科协办公厅 of a cited title is no role
    ("a cited title is no host", "根据《中国科协办公厅 教育部办公厅关于继续开展2015年中学生英才计划试点工作的通知》精神,省科协将组织开展此项工作。", {}),
]


@pytest.mark.parametrize("phenomenon,body,expected", HOSTS, ids=[h[0] for h in HOSTS])
def test_hosts(phenomenon, body, expected):
    assert hosts(body) == expected


@pytest.mark.parametrize("sentence,theme", [
    ("各地要紧紧围绕“终身学习 人人出彩”主题，结合实际开展形式多样的学习活动。", "终身学习 人人出彩"),
    ("每支队伍需围绕“我为二课代言”主题，以一句响亮的口号展现团队风采。", "我为二课代言"),
])
def test_theme_an_activity_is_built_around(sentence, theme):
    from tests.conftest import extract_text

    rec = extract_text("关于举办活动的通知\n各学院：\n" + sentence + "\n")
    assert rec["themes"] == [theme]


def test_a_theme_education_campaign_is_no_theme():
    from tests.conftest import extract_text

    rec = extract_text("关于开展活动的通知\n各学院：\n各单位要围绕“不忘初心、牢记使命”主题教育，深入开展学习。\n")
    assert rec["themes"] == []


def test_hosts_of_a_plan_attached_after_the_signature():
    # realworld 621 (Fuzhou 2024): the notice is signed, then its 征文方案 names the hosts
    body = ("由抚州市政协主办的征文活动正在进行,请各位会员积极撰文,参加征集活动。\n特此通知。\n"
            "抚州作协秘书处\n2024年4月23日\n附征文方案\n【主办和承办】\n主办:抚州市政协\n"
            "承办:市发改委(市生态文明建设服务中心)、市生态环境局、抚州市融媒体中心、市政协人资环委。\n【书海遨游】\n")
    f = extract_text("关于参加征文活动的通知\n各位会员:\n" + body)
    assert f["hosts"]["organizer"] == ["抚州市政协"]
    assert f["hosts"]["undertaker"] == ["市发改委(市生态文明建设服务中心)", "市生态环境局", "抚州市融媒体中心", "市政协人资环委"]
