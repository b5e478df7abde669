"""Deadlines and events, one phenomenon per case, on sentences of real notices (issue 9, items 3-5).

Each case is a notice body (with a head and a signature that give the issue date) and the deadlines
(date, kind) and events (start, end) a correct extraction gives; the source says where the form was seen.
"""
import pytest

from tests.conftest import extract_text

HEAD = "某某学院\n关于做好有关工作的通知\n各系（部）：\n"


def run(body, date="2022年11月17日", head=HEAD):
    f = extract_text(head + body + ("\n某某学院\n" + date + "\n" if date else "\n"))
    return ({(d["date"], d["kind"]) for d in f["deadlines"]},
            {(e["start"], e["end"]) for e in f["events"]}, f)


CASES = [
    # --- a window the recipients act in: a deadline at its end and no event
    dict(id="registration window", source="jiangsu-college-2019",
         body="二、報名要求\n1.預報名時間:2019年11月26日至12月3日。", date="2019年11月25日",
         deadlines={("2019-12-03", "registration")}, events=set()),
    dict(id="payment window", source="lanzhou-univ-2026",
         body="四、缴费时间:2026年1月15日—5月31日。", date="2026年1月15日",
         deadlines={("2026-05-31", "payment")}, events=set()),
    dict(id="a word naming what the window is for between its label and the date", source="college-2021 (realworld 660)",
         body="2.缴费时间:学费1月10日—2月25日;电子书费1月20日—2月25日。", date="2021年1月6日",
         deadlines={("2021-02-25", "payment")}, events=set()),
    dict(id="window named after the range, and schedule lines", source="deyang-2021",
         body="三、工作进度安排\n2021年4月22日至5月18日进行报名、现场资格复审及缴费;7月至9月组织理论考试和实操考核;10月公布成绩。",
         date="2021年4月20日",
         deadlines={("2021-05-18", "registration")},
         events={("2021-07-01", "2021-09-30"), ("2021-10-01", "2021-10-31")}),
    dict(id="submission window of 申报时间为", source="guangdong-ou-2017",
         body="三、本次考点申报时间为2017年3月10日-3月24日,请各考点按要求做好备案和申报工作。", date="2017年3月8日",
         deadlines={("2017-03-24", "submission")}, events=set()),
    dict(id="a 公示 period is an event and the end of objections a deadline", source="wuhan-2023",
         body="现按照有关程序予以公示,如对公示内容有意见及建议,请于2023年9月13日——10月12日发送至电子邮箱5131357@qq.com。",
         date="2023年9月13日",
         deadlines={("2023-10-12", "submission")}, events={("2023-09-13", "2023-10-12")}),
    # --- the cue after the verb, without 前
    dict(id="报送截止时间为", source="hunan-ou-2021",
         body="(三)按时报送。分校材料报送截止时间为2021年6月20日。", date="2021年5月18日",
         deadlines={("2021-06-20", "submission")}, events=set()),
    dict(id="截止时间 after a vote", source="tongnan-2018",
         body="评选委员会办公室将入围者名单公示,同时采用信函、电子邮件进行投票,截止时间为11月30日18时。", date="2018年10月8日",
         deadlines={("2018-11-30", "vote")}, events=set()),
    dict(id="the issuer's plan in an earlier part of the clause does not govern a closing label",
         source="chongqing-school-2020 (realworld 664)",
         body="按照重庆市语言文字工作委员会办公室的安排,我校“诵读大赛”将从大学生组、教师组中择优推荐作品参赛,"
              "参赛作品报送截止时间:2020年6月22日。",
         date="2020年6月2日", deadlines={("2020-06-22", "submission")}, events=set()),
    # --- scopes: neither deadline nor event
    dict(id="statistics period", source="suichang-2014",
         body="1.统计时间:2013年7月1日——2014年6月30日。\n3.并于7月3日前将附件2、附件3打包后一起发送到邮箱scjyjbgs@163.com。",
         date="2014年6月27日", deadlines={("2014-07-03", "submission")}, events=set()),
    dict(id="collection range", source="hunan-ou-2021",
         body="征集范围为2019年1月1日至2020年12月31日社区教育工作中形成的相关材料。", date="2021年5月18日",
         deadlines=set(), events=set()),
    dict(id="eligibility cut-off", source="deyang-2021",
         body="且2021年10月31日前未达到法定退休年龄的技术工人。", date="2021年4月20日", deadlines=set(), events=set()),
    dict(id="age cut-off", source="jiangsu-college-2019",
         body="参赛选手年龄不超过25周岁,年龄计算截止时间为2020年5月1日。", date="2019年11月25日", deadlines=set(), events=set()),
    dict(id="a date limiting what is counted", source="spec gold-format",
         body="本次评估对象为2021年年底前建成的项目。", date="2021年3月1日", deadlines=set(), events=set()),
    dict(id="cut-off of the data a report holds", source="moe-gaibo-2015 (dev 505)",
         body="拟定于4月10日组织试填报,报表内容为截至2015年3月底各地工作进展情况,请各地及时将双月报基表及填报说明转发各市县。",
         date="2015年3月16日", deadlines=set(), events={("2015-04-10", "2015-04-10")}),
    # --- a date governing 将…报 without 前, parts of months
    dict(id="中旬 dates sharing one verb", source="taizhou-college-2017",
         body="5.按照附件模板制定好实施方案,4月中旬将实施方案、6月中旬将系部表彰决定报教务处刘庆华老师。6月下旬在升旗仪式上,召开表彰大会。",
         date="2017年3月30日",
         deadlines={("2017-04-20", "submission"), ("2017-06-20", "submission")}, events={("2017-06-21", "2017-06-30")}),
    dict(id="two obligations on one date", source="fujian-2015",
         body="1.请各设区市和有关高校报送2014年工作总结和2015年工作要点,于3月20日前发送至省语委办邮箱。\n"
              "2.请各设区市和有关高校于3月20日前将会议回执传真至省语委办(0591—87812256)。",
         date="2015年3月16日", deadlines={("2015-03-20", "submission")}, events=set(), count=2),
    # --- arriving for a meeting is part of it; a deadline that comes back every year
    dict(id="arrival for a meeting is no deadline", source="hubei-kjt-2017 (realworld 634)",
         body="2.汉外单位代表请于7月13日中午12点前,到八一路帅府饭店登记入住。\n"
              "3.在汉单位代表不安排住会,请于7月13日下午2点15前直接到省科技厅六楼一号会议室参会。",
         date="2017年7月6日", deadlines=set(), events=set()),
    dict(id="a yearly deadline over a range of years", source="shanxi-2017 (realworld 636)",
         body="各市级教育行政部门于2018-2021年每年2月底前,将经市级人民政府审定的上一年度计划实施进展情况报送省教育厅。",
         date="2017年5月6日",
         deadlines={("2018-02-28", "submission"), ("2019-02-28", "submission"), ("2020-02-29", "submission"),
                    ("2021-02-28", "submission")}, events=set()),
    dict(id="objections within a 公示 stated before its window", source="henan-2023 (realworld 639)",
         body="公示期间,任何单位和个人如有异议,可以书面形式向省教育厅基础教育处提交异议材料。\n公示时间:2023年1月6日—12日",
         date="2023年1月5日", deadlines={("2023-01-12", "submission")}, events={("2023-01-06", "2023-01-12")}),
    dict(id="objections invited in the clause of the 公示 window", source="dinghai-2024 (realworld 646)",
         body="现将《定海区2024年义务教育学校招生工作实施意见(征求意见稿)》公示如下(详见附件)。"
              "公示时间为:3月11日—3月20日,如有意见建议可致电区教育局基础教育科反映,联系电话:0580—2049582。",
         date="2024年3月11日", deadlines={("2024-03-20", "submission")}, events={("2024-03-11", "2024-03-20")}),
    # --- days without a month, dates that lost 年/月/日
    dict(id="day and weekday inside the issue month", source="longyan-univ-2014",
         body="1.系(部)操作员于25日星期二上午10:00前,登录“教务网络管理系统”网页端进行学生学期报到工作。\n"
              "3.对异常报到的学生,须由系(部)管理员于28日星期五前,将异常报到的学生汇总并交回教务处。",
         date="二〇一四年二月十六日", deadlines={("2014-02-25", "task"), ("2014-02-28", "submission")}, events=set()),
    dict(id="月 lost in copying", source="heshan-2017",
         body="并于428日之前将开展活动的情况报送至区教育局团工委群(图文并茂小结)。", date="2017年4月10日",
         deadlines={("2017-04-28", "submission")}, events=set()),
    dict(id="年月日 lost in copying", source="jiangsu-2012",
         body="5.本次征文截止时间为2012720\n6.征文请用挂号或特快专递寄至:南京市草场门大街133号(B楼)《江苏教育》编辑部。",
         date="2012年2月20日", deadlines={("2012-07-20", "submission")}, events=set()),
    # --- recurring
    dict(id="each month-end over a month range", source="moe-2019",
         body="请各地于2019年6月1日前,将东西协作招生计划函报教育部职成司;于8月至11月的每月月底前,将东西协作招生进展情况函报教育部职成司。",
         date="2019年2月15日",
         deadlines={("2019-06-01", "submission"), ("2019-08-31", "submission"), ("2019-09-30", "submission"),
                    ("2019-10-31", "submission"), ("2019-11-30", "submission")}, events=set()),
    # --- events
    dict(id="arrival day and meeting day", source="fujian-2015",
         body="三、会议时间、地点\n2015年3月23日下午报到,24日上午开会,24日下午离会,地点:福州三明大厦。",
         date="2015年3月16日", deadlines=set(), events={("2015-03-23", "2015-03-23"), ("2015-03-24", "2015-03-24")}),
    dict(id="month range of an activity", source="taizhou-college-2017",
         body="经学校研究决定在4-6月份举办2017年“职望杯”系部技能运动会。现将有关事项通知如下:", date="2017年3月30日",
         deadlines=set(), events={("2017-04-01", "2017-06-30")}),
    dict(id="schedule in a text table", source="anhui-arts-2022",
         body="一、本学期校领导接待日安排\n接访时间 | 预约截止时间 | 接访校领导 | 接访地点 |\n"
              "3月28日 周一14:30-16:30 | 3月25日 周五16:00 | 周明洁 | 美术楼314会议室 |\n"
              "4月18日 周一14:30-16:30 | 4月15日 周五16:00 | 樊嘉禄 | 戏剧楼320会议室 |\n以上安排如有变动,将在校园网公布。",
         date="2022年3月23日",
         deadlines={("2022-03-25", "registration"), ("2022-04-15", "registration")},
         events={("2022-03-28", "2022-03-28"), ("2022-04-18", "2022-04-18")}),
    dict(id="holiday calendar: days off and working days", source="gwyb-2018 (realworld 631)",
         body="一、元旦:2018年12月30日至2019年1月1日放假调休,共3天。2018年12月29日(星期六)上班。\n"
              "二、春节:2月4日至10日放假调休,共7天。2月2日(星期六)、2月3日(星期日)上班。",
         date="2018年12月4日", deadlines=set(),
         events={("2018-12-30", "2019-01-01"), ("2018-12-29", "2018-12-29"), ("2019-02-04", "2019-02-10"),
                 ("2019-02-02", "2019-02-03")}),
    dict(id="working days after a holiday, a city's copy", source="suqian-2019 (realworld 642)",
         body="2019年国庆节10月1日至7日放假调休,共7天。9月29日(星期日)、10月12日(星期六)上班。",
         date="2019年9月24日", deadlines=set(),
         events={("2019-10-01", "2019-10-07"), ("2019-09-29", "2019-09-29"), ("2019-10-12", "2019-10-12")}),
    dict(id="a unit's own visit over a range after 将于", source="cangnan-2011 (realworld 615)",
         body="三、评估验收组将于5月26日(周四)下午至27日上午到有关学校视察学校校容校貌,请各有关学区和学校做好准备。",
         date="2011年5月20日", deadlines=set(), events={("2011-05-26", "2011-05-27")}),
    dict(id="a range that lapses is the recipients' window: a deadline at its end, no event",
         source="guangdong-kexie-2014 (realworld 659)",
         body="二、因时间紧迫,请各有关单位尽快遴选推荐学生。被推荐学生根据个人兴趣爱好、学科特长,"
              "于12月1-10日登录英才计划网络平台完成选报相关导师的工作,逾期当弃权处理。",
         date="2014年11月20日", deadlines={("2014-12-10", "task")}, events=set()),
    dict(id="a day range whose first day has no 日", source="cast-2019 (realworld 619)",
         body="一、会议时间及地点\n时间:2019年2月24-27日,会期2天。", date="2019年1月25日",
         deadlines=set(), events={("2019-02-24", "2019-02-27")}),
    # --- signed after the work began: a …前 the recipients are asked to meet, weeks before the 成文日期
    dict(id="a deadline a few weeks before the signing date that is still asked for",
         source="guangdong-kexie-2014 (realworld 659)",
         body="二、因时间紧迫,请各有关单位尽快按名额分配数量遴选推荐学生,在11月30日前将推荐学生名单汇总表发到管理办公室邮箱。",
         date="2014年12月9日", deadlines={("2014-11-30", "submission")}, events=set()),
    dict(id="a status date before the signing date is no deadline", source="guizhou-2016 (dev 517)",
         body="现将截止2016年1月27日经省、市(州)两级中职招生部门审核批准的学校名单予以公布,请遵照执行。",
         date="2016年2月2日", deadlines=set(), events=set()),
    # --- a dated list (a conference's 重要时间): each line an event, unless it closes a window
    dict(id="lines of a dated list: events, a closing and a registration window deadlines",
         source="cps-2022 (realworld 657)",
         body="2022年6月上旬,网上投稿系统开放,发出会议第一轮征文通知。\n\n2022年7月31日,论文摘要接收截止。\n\n"
              "2022年8月1日至8月25日:大会学术委员会完成论文摘要评审。\n\n2022年9月1日至9月25日:接受注册回执和会议费。\n\n"
              "2022年9月26日至10月8日:第三轮会议通知(含论文交流安排)。",
         date="2022年5月20日",
         deadlines={("2022-07-31", "submission"), ("2022-09-25", "registration")},
         events={("2022-06-01", "2022-06-10"), ("2022-08-01", "2022-08-25"), ("2022-09-26", "2022-10-08")}),
]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_schedule_phenomena(case):
    deadlines, events, f = run(case["body"], case["date"])
    assert deadlines == case["deadlines"], case["source"]
    assert events == case["events"], case["source"]
    if "count" in case:
        assert len(f["deadlines"]) == case["count"]


def test_table_event_takes_the_place_of_its_row():
    table = next(c for c in CASES if c["id"] == "schedule in a text table")
    _, _, f = run(table["body"], table["date"])
    places = {e["start"]: e["place"] for e in f["events"]}
    assert places["2022-03-28"] == "美术楼314会议室"


# --- the year of a yearless date
def test_year_from_the_doc_number_when_there_is_no_issue_date():
    text = "关于做好社区教育工作情况调查统计的通知\n教职成司函〔2016〕57号\n各省教育厅:\n请于5月31日前,将电子版发送至国家开放大学。\n"
    f = extract_text(text)
    assert [d["date"] for d in f["deadlines"]] == ["2016-05-31"]


def test_a_title_year_under_review_gives_no_year():
    # "做好2015年…统计" was issued in 2016: a yearless deadline must not be put in 2015
    text = "关于做好2015年社区教育工作情况调查统计的通知\n各省教育厅:\n请于5月31日前,将电子版发送至国家开放大学。\n"
    assert extract_text(text)["deadlines"] == []


def test_year_from_the_page_publication_line():
    text = ("- 作者:\n- 来源:\n- 时间:2015-08-26\n- 点击:12732\n全区各中小学、社区学院:\n"
            "9月20日前将书法作品报送到金坛区教育局职社科,联系人:李俊,电话:82881813。\n")
    f = extract_text(text)
    assert [(d["date"], d["submit_to"]) for d in f["deadlines"]] == [("2015-09-20", "金坛区教育局职社科")]


def test_a_site_header_date_and_an_update_time_give_no_year():
    text = ("2017年8月2日 星期三设为首页|加入收藏\n更新时间:2019-09-07 09:36 来源:团工委 作者: 点击量:\n"
            "各中小学校:\n并于428日之前将开展活动的情况报送至区教育局团工委群。\n")
    assert extract_text(text)["deadlines"] == []


def test_yearless_schedule_takes_the_year_of_the_sentence_without_an_issue_date():
    _, events, _ = run("三、工作进度安排\n2021年4月22日至5月18日进行报名;7月至9月组织理论考试和实操考核。", date=None)
    assert ("2021-07-01", "2021-09-30") in events


def test_january_deadline_of_a_november_notice_is_next_year():
    deadlines, _, _ = run("（三）及时报送总结。各市县教育局于1月14日前将活动周总结材料报送我厅。", date="2022年11月17日")
    assert deadlines == {("2023-01-14", "submission")}


def test_a_date_before_the_notice_was_signed_is_background():
    deadlines, events, _ = run("2022年10月16日,党的二十大在北京隆重召开。各校于12月9日前报送学习情况。")
    assert deadlines == {("2022-12-09", "submission")} and events == set()


# --- dates that oblige no one
@pytest.mark.parametrize("body", [
    "截至2022年12月31日,全市已建成社区学院12所。",                 # 截至 = "as of": a statement
    "我厅将于12月20日前完成评审并公布结果。",                        # the issuer's own plan
    "2021年年底前建成的社区教育中心不再参评。",                      # a scope
])
def test_no_deadline_for_statements_plans_and_scopes(body):
    deadlines, _, _ = run(body)
    assert deadlines == set()


def test_a_month_a_few_months_before_a_spring_notice_is_not_guessed():
    # a March notice naming "1月10日前" means a past date or one ten months away: neither is safe
    deadlines, _, _ = run("请各校于1月10日前报送总结。", date="2022年3月20日")
    assert deadlines == set()


def test_without_any_dated_header_the_year_of_the_body_schedule():
    text = ("全民阅读各项评选活动开始啦!\n一、评选时间\n2018年10月—12月\n五、评选程序\n(一)自荐和推荐申报\n"
            "时间:即日起至11月18日\n符合条件的单位(市民)可直接提出参评申请、报送参评资料或进行推荐。\n"
            "(二)评选入围者\n时间:11月18日至20日\n(五)公布结果\n时间:12月下旬\n")
    f = extract_text(text)
    assert [d["date"] for d in f["deadlines"]] == ["2018-11-18"]
    assert {(e["start"], e["end"]) for e in f["events"]} >= {("2018-11-18", "2018-11-20"), ("2018-12-21", "2018-12-31")}


@pytest.mark.parametrize("body,date,target", [
    # the unit after a later 至 of the same part, not after the first verb (realworld 632)
    ("请填写报名表(见附件),于11月16日(星期一)前传真并发电子版至教育部新闻宣传中心。", "2020年11月10日", "教育部新闻宣传中心"),
    # the unit followed by what it does with the hand-over (realworld 650)
    ("3、交卷时间:各课程负责出卷的任课老师务必于6月14日上午11:00前将正考试卷的打印稿交到教务科印制,逾期不交后果自付。",
     "2013年5月20日", "教务科"),
])
def test_where_a_hand_over_goes(body, date, target):
    _, _, f = run(body, date)
    assert [d["submit_to"] for d in f["deadlines"]] == [target]
