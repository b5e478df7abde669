"""Each extractor on real sentences, and on sentences in the style of other provinces' notices."""

import pytest

from tests.conftest import extract_text

HEAD = "某某市教育局\n关于开展2023年全民终身学习活动周的通知\n各县（市、区）教育局：\n"
SIGN = "\n某某市教育局\n2022年11月17日\n"


def fields(body, head=HEAD, sign=SIGN):
    return extract_text(head + body + sign)


# ---- contacts
def test_contact_cue_name_phone_email_then_unit_name_without_cue():
    f = fields("四、其他事项\n请各县（市、区）于2022年12月28日前，将活动周工作总结和典型活动案例（电子稿）报送丽水社区大学。"
               "联系人：卢红，电话：18057800696；邮箱：239922375@qq.com。市教育局职成高教处余根良，电话：0578-2626029。")
    c = {x["name"]: x for x in f["contacts"]}
    assert c["卢红"]["phones"] == ["18057800696"] and c["卢红"]["emails"] == ["239922375@qq.com"]
    assert c["卢红"]["org"] == "丽水社区大学"
    assert c["余根良"]["org"] == "市教育局职成高教处" and c["余根良"]["phones"] == ["0578-2626029"]


def test_contact_list_after_combined_cue():
    f = fields("联系人及联系电话：省教育厅职业与成人教育处尚鹤龄，0431-88905322；长春开放大学吴晓辉，0431-82857798、19990521785，工作邮箱：jlqmxx@126.com。")
    c = {x["name"]: x for x in f["contacts"]}
    assert c["尚鹤龄"]["org"] == "省教育厅职业与成人教育处" and c["尚鹤龄"]["phones"] == ["0431-88905322"]
    assert c["吴晓辉"]["phones"] == ["0431-82857798", "19990521785"] and c["吴晓辉"]["emails"] == ["jlqmxx@126.com"]


def test_contact_on_separate_lines_with_unit_before_cue():
    f = fields("省教育厅职成处联系人：刘煌\n联系电话：13934209149 0351-3193088\n电子邮箱：85263519@qq.com\n"
               "山西省成人教育协会联系人:傅志奇\n电话:0351-2724471 13834576118\n邮箱:sxscjxh@163.com。")
    c = {x["name"]: x for x in f["contacts"]}
    assert c["刘煌"]["org"] == "省教育厅职成处" and c["刘煌"]["phones"] == ["13934209149", "0351-3193088"]
    assert c["傅志奇"]["emails"] == ["sxscjxh@163.com"] and c["傅志奇"]["org"] == "山西省成人教育协会"


def test_email_before_the_name_and_landline_without_area_code():
    head = "海南省教育厅\n关于做好2022年全民终身学习活动周工作的通知\n各市、县、自治县教育局：\n"
    f = fields("（三）及时报送总结。各市县教育局于2023年1月14日前将活动周总结材料报送我厅，邮箱：liu127688200@163.com。\n"
               "联系人：刘云楼，联系电话：65239391。", head=head, sign="\n海南省教育厅\n2022年11月17日\n")
    (c,) = f["contacts"]
    assert c["name"] == "刘云楼" and c["emails"] == ["liu127688200@163.com"]
    assert c["phones"] == ["0898-65239391"] and c["inferred_area_code"] == ["0898-65239391"]
    assert c["org"] is None  # 报送我厅: the issuer, not a unit of the contact


def test_unit_only_contact_in_brackets():
    f = fields("各地、各单位要制订好活动周工作方案，于11月24日前报送区教育局职社科(邮箱:37927588@qq.com,联系电话:86307076)。")
    (c,) = f["contacts"]
    assert c["name"] is None and c["org"] == "区教育局职社科"
    assert c["emails"] == ["37927588@qq.com"] and c["phones"][-1].endswith("86307076")


def test_contacts_in_brackets_with_campus_numbers():
    f = fields("联系人：宋海龙（吉首校区0743-8564146, jsujyk@126.com），教科办杨艳（张家界校区 0744-2110918，531386348@qq.com）。")
    c = {x["name"]: x for x in f["contacts"]}
    assert c["宋海龙"]["phones"] == ["0743-8564146"] and c["杨艳"]["phones"] == ["0744-2110918"]
    assert c["杨艳"]["org"] == "教科办"


def test_obfuscated_email_and_site_footer_are_not_contacts():
    f = fields("联系人：王明，电话：010-66096114，邮箱：[email protected]。")
    (c,) = f["contacts"]
    assert c["emails"] == []


# ---- deadlines and events
def test_submission_deadline_with_target_materials_and_channel():
    f = fields("各市应于2022年11月30日前将活动周实施方案报省教育厅职成处，电子版（含Word版、PDF版）发至指定邮箱。")
    (d,) = f["deadlines"]
    assert d["date"] == "2022-11-30" and d["kind"] == "submission"
    assert d["submit_to"] == "省教育厅职成处" and d["materials"] == ["活动周实施方案"]


def test_self_reference_resolves_to_the_issuer():
    f = fields("推荐表请于10月底前以电子稿形式发送我局，邮箱:abc@jn.gov.cn。", sign="\n某某市教育局\n2023年3月10日\n")
    (d,) = f["deadlines"]
    assert d["date"] == "2023-10-31" and d["submit_to"] == "某某市教育局" and d["channel"] == "abc@jn.gov.cn"


def test_deadline_without_target_keeps_materials():
    f = fields("请各地各校于12月28日前报送2022年度活动周工作总结、精彩学习活动照片和典型活动案例1个。",
               sign="\n吉林省教育厅\n2022年11月17日\n")
    (d,) = f["deadlines"]
    assert d["date"] == "2022-12-28" and d["submit_to"] is None
    assert "2022年度活动周工作总结" in d["materials"] and "典型活动案例" in d["materials"]


def test_event_deadline_for_recipients_and_announced_schedule():
    f = fields("（二）时间：启动仪式于12月2日在青田县举行。各地活动周在12月底前安排举行。",
               sign="\n丽水市教育局\n2022年11月21日\n")
    assert [(d["date"], d["kind"]) for d in f["deadlines"]] == [("2022-12-31", "event")]
    ev = {(e["start"], e["end"]): e for e in f["events"]}
    assert ev[("2022-12-02", "2022-12-02")]["place"] == "青田县"
    assert ("2022-12-31" in [e["end"] for e in f["events"]])


def test_issuer_schedule_is_an_event_not_a_deadline():
    f = fields("（二）时间：2022年全民终身学习活动周吉林省总开幕式定于11月底前在长春开放大学举行（具体事宜另行通知）。",
               sign="\n吉林省教育厅\n2022年11月17日\n")
    assert f["deadlines"] == []
    (e,) = f["events"]
    assert (e["start"], e["end"], e["place"]) == (None, "2022-11-30", "长春开放大学")


def test_tentative_range_and_refinement():
    f = fields("（二）举办时间：活动周举办时间为2022年11月20日—26日，活动周全国总开幕式拟定于11月下旬（暂定11月23日之后）在湖南省长沙市举办。",
               sign="\n教育部办公厅\n2022年11月15日\n")
    assert [(e["start"], e["end"], e["tentative"]) for e in f["events"]] == [
        ("2022-11-20", "2022-11-26", False), ("2022-11-21", "2022-11-30", True)]


def test_registration_deadline_of_a_university_notice():
    f = fields("请各学院于2018年3月14日下午5:30前将申报材料纸质版一式两份送交教务处实践教学科，电子版发送至jsusjk@163.com。",
               head="吉首大学教务处\n关于开展2018年度学科竞赛项目立项申报工作的通知\n各相关学院：\n", sign="\n吉首大学教务处\n2018年3月1日\n")
    (d,) = f["deadlines"]
    assert d["date"] == "2018-03-14" and d["kind"] == "submission"


def test_no_deadline_from_a_cited_title_or_a_past_narrative():
    f = fields("根据《关于做好2022年12月31日前相关工作的通知》精神，现将有关事项通知如下。")
    assert f["deadlines"] == []


# ---- hosts
def test_hosts_with_joint_organizers_and_generic_members_dropped():
    f = fields("三、活动组织\n本届活动周由山西省教育厅、山西开放大学、山西省成人教育协会等单位和各地市教育行政部门共同举办。"
               "开幕式由晋城市教育局承办，山西开放大学、晋城开放大学等单位协办。开幕式由晋城市承办。")
    assert f["hosts"] == {"organizer": ["山西省教育厅", "山西开放大学", "山西省成人教育协会"],
                          "undertaker": ["晋城市教育局"], "co_organizer": ["山西开放大学", "晋城开放大学"]}


def test_hosts_from_labelled_lines():
    f = fields("主办单位：某某省教育厅、某某省文化和旅游厅\n承办单位：某某开放大学\n协办单位：某某市图书馆")
    assert f["hosts"]["organizer"] == ["某某省教育厅", "某某省文化和旅游厅"]
    assert f["hosts"]["undertaker"] == ["某某开放大学"] and f["hosts"]["co_organizer"] == ["某某市图书馆"]


# ---- themes
@pytest.mark.parametrize("line,theme", [
    ("1.主题：深化全民学习 助力“两个先行”", "深化全民学习 助力“两个先行”"),
    ("（一）活动主题：学习贯彻二十大  终身学习向未来", "学习贯彻二十大  终身学习向未来"),
    ("(一)主题:学习贯彻二十大,终身学习向未来", "学习贯彻二十大,终身学习向未来"),
    ("本次活动的主题为“奋进新征程 学习向未来”。", "奋进新征程 学习向未来"),
])
def test_themes(line, theme):
    assert fields("一、主题和时间\n" + line)["themes"] == [theme]


def test_a_sentence_listing_topics_is_no_theme():
    f = fields("围绕社会人员学历提升、职业技能培训、全民健康、老年人运用智能技术教育培训等主题，有效利用各类平台开展活动。")
    assert f["themes"] == []


# ---- citations
def test_cites_with_numbers_issuers_outside_brackets_and_bare_numbers():
    f = fields("根据教育部《关于举办2022年全民终身学习活动周的通知》（教职成厅函〔2022〕22号）和《山西省教育厅关于做好2022年社区教育老年教育重点工作的通知》"
               "（晋教职成函〔2022〕17号）工作要点，按照《中共中央关于认真学习宣传贯彻党的二十大精神的决定》，参照鲁教基发[2015]3号文件，"
               "填写《统计表》。")
    got = {(c["doc_number"], c["title"]) for c in f["cites"]}
    assert ("教职成厅函〔2022〕22号", "教育部关于举办2022年全民终身学习活动周的通知") in got
    assert ("晋教职成函〔2022〕17号", "山西省教育厅关于做好2022年社区教育老年教育重点工作的通知") in got
    assert (None, "中共中央关于认真学习宣传贯彻党的二十大精神的决定") in got
    assert ("鲁教基发〔2015〕3号", None) in got
    assert len(f["cites"]) == 4  # 《统计表》 is a form, not a document


def test_abbreviated_reference_is_one_citation():
    f = fields("为贯彻《国家中长期教育改革和发展规划纲要（2010－2020年）》（以下简称《规划纲要》），落实《规划纲要》要求。")
    assert len(f["cites"]) == 1


# ---- categories
def test_topics_and_requirements_with_evidence():
    f = fields("各地要成立工作领导小组，广泛开展“智慧助老”活动，严格执行疫情防控规定。")
    assert set(f["topics"]) == {"smart_elderly"}
    assert set(f["requirements"]) == {"leadership", "epidemic_control"}
    ev = f["evidence"]["requirements"]["leadership"]
    assert "领导小组" in ev["text"]


def test_signature_words_are_no_requirement():
    f = fields("请认真做好相关工作。", sign="\n某某市社区教育领导小组办公室\n2022年11月21日\n")
    assert f["requirements"] == []


def test_taxonomy_label_added_as_data(tmp_path):
    import shutil

    from pipeline.rules import load_rules

    d = tmp_path / "rules"
    shutil.copytree(load_rules().directory, d)
    tax = (d / "taxonomy.yaml").read_text(encoding="utf-8")
    tax = tax.replace("requirements:\n", "requirements:\n  safety_drill:\n    zh: 安全演练\n    cues: [应急演练]\n", 1)
    (d / "taxonomy.yaml").write_text(tax, encoding="utf-8")
    rules = load_rules(d)
    f = extract_text(HEAD + "各校要组织应急演练。" + SIGN, rules)
    assert "safety_drill" in f["requirements"]


# ---- wording of other provinces' notices
GD = """广东省教育厅关于开展2023年全民终身学习活动周的通知
粤教职函〔2023〕25号
各地级以上市教育局，各有关高校：
根据《教育部办公厅关于举办2023年全民终身学习活动周的通知》（教职成厅函〔2023〕16号）要求，现就有关事项通知如下。
一、活动主题
“学习新思想 奋进新征程”
二、活动时间
2023年10月至12月。全省活动周开幕式拟于10月下旬在佛山市举行，具体另行通知。
三、工作要求
请各地级以上市教育局于2023年12月15日前将活动总结（含统计表，见附件）报送省教育厅职业教育与成人教育处，电子版发送至zcc@gdedu.gov.cn。
联系人：省教育厅职业教育与成人教育处 张明，电话：020-37628000；佛山市教育局 李华，电话：0757-83338888。
附件：2023年全民终身学习活动周统计表
广东省教育厅
2023年9月28日
"""


def test_guangdong_style_notice():
    f = extract_text(GD)
    assert f["doc_number"] == "粤教职函〔2023〕25号" and f["level"] == "provincial"
    assert f["themes"] == ["学习新思想 奋进新征程"]  # the theme on the line under its heading
    spans = {(e["start"], e["end"]) for e in f["events"]}
    assert ("2023-10-01", "2023-12-31") in spans  # a month range under 二、活动时间
    assert ("2023-10-21", "2023-10-31") in spans
    (d,) = f["deadlines"]
    assert (d["date"], d["submit_to"], d["channel"]) == ("2023-12-15", "省教育厅职业教育与成人教育处", "zcc@gdedu.gov.cn")
    c = {x["name"]: x for x in f["contacts"]}
    assert c["张明"]["org"] == "省教育厅职业教育与成人教育处" and c["李华"]["org"] == "佛山市教育局"
    assert c["李华"]["phones"] == ["0757-83338888"]
    assert f["attachments"] == ["2023年全民终身学习活动周统计表"]


def test_name_in_brackets_after_the_number():
    f = fields("联系电话：0351-3193088（刘煌），0351-2724471（傅志奇）。")
    c = {x["name"]: x["phones"] for x in f["contacts"]}
    assert c == {"刘煌": ["0351-3193088"], "傅志奇": ["0351-2724471"]}


def test_short_role_labels():
    f = fields("五、组织单位\n主办：某某市教育局\n承办：某某社区大学\n")
    assert f["hosts"]["organizer"] == ["某某市教育局"] and f["hosts"]["undertaker"] == ["某某社区大学"]


def test_levels_from_issuer_names():
    from pipeline.extract.issuer import level_of

    got = {n: level_of(n)[0] for n in ["教育部办公厅", "教育部职业教育与成人教育司", "北京市教育委员会", "上海市浦东新区教育局",
                                       "济南市教育局", "国家开放大学", "吉首大学教务处", "江苏省教育系统关工委秘书处",
                                       "常州市武进区社区教育委员会办公室", "湖南省成人教育协会"]}
    assert got == {"教育部办公厅": "national", "教育部职业教育与成人教育司": "national", "北京市教育委员会": "provincial",
                   "上海市浦东新区教育局": "county", "济南市教育局": "municipal", "国家开放大学": "other",
                   "吉首大学教务处": "other", "江苏省教育系统关工委秘书处": "provincial",
                   "常州市武进区社区教育委员会办公室": "county", "湖南省成人教育协会": "other"}


JOINT = """中共某某市委宣传部
某某市教育局
关于开展2023年“书香校园”读书活动的通知
某宣发〔2023〕7号
各县（区）委宣传部、教育局，市直各学校：
为深入推进全民阅读，现就开展读书活动有关事项通知如下。
一、活动主题
主题：阅读新时代 奋进新征程
二、工作要求
各地要加强组织领导，于6月30日前完成本地活动，并于7月10日前将工作总结及活动照片报送市教育局基础教育科（电子邮箱：jcjyk@163.com）。
中共某某市委宣传部          某某市教育局
2023年4月12日
（此件主动公开）
抄送：市委办公室，市政府办公室。
某某市教育局办公室                 2023年4月12日印发
"""


def test_joint_notice_signed_side_by_side_with_two_dates_in_one_sentence():
    f = extract_text(JOINT)
    assert f["issuer"] == "中共某某市委宣传部" and f["level"] == "municipal"
    assert f["themes"] == ["阅读新时代 奋进新征程"]
    got = [(d["date"], d["kind"], d["submit_to"]) for d in f["deadlines"]]
    assert got == [("2023-06-30", "task", None), ("2023-07-10", "submission", "市教育局基础教育科")]  # 完成: a task
    assert f["cc"] == ["市委办公室", "市政府办公室"]


UNIV = """关于举办2023年大学生创新创业大赛校内选拔赛的通知
各学院：
一、比赛时间
校赛初赛拟于2023年6月10日举行，决赛定于6月17日（星期六）在图书馆报告厅举行。
二、报名方式
请各学院于5月20日（周五）下班前将报名汇总表发送至cxcy@xx.edu.cn，逾期不予受理。
各单位于5月12日前推荐1-2名候选人,将推荐表报县社区学院。
附件：1.报名汇总表
      2.项目计划书模板
教务处
2023年5月8日
"""


def test_school_notice_registration_and_venue():
    f = extract_text(UNIV)
    got = {d["date"]: d for d in f["deadlines"]}
    assert got["2023-05-20"]["materials"] == ["报名汇总表"] and got["2023-05-20"]["channel"] == "cxcy@xx.edu.cn"
    assert got["2023-05-12"]["submit_to"] == "县社区学院" and got["2023-05-12"]["materials"] == ["推荐表"]
    assert ("2023-06-17", "图书馆报告厅") in {(e["start"], e["place"]) for e in f["events"]}
    assert "open_resources" not in f["topics"]  # a library named as a venue asks for nothing
    assert f["attachments"] == ["报名汇总表", "项目计划书模板"]


def test_phone_and_email_forms():
    f = fields("联系人：陈静，手机：139-3420-9149，座机：（0351）3193088转8012，邮箱：chen＠163.com。")
    (c,) = f["contacts"]
    assert c["phones"] == ["13934209149", "0351-3193088-8012"] and c["emails"] == ["chen@163.com"]


def test_alias_defined_by_yixia_jiancheng_and_number_inside_the_same_brackets():
    f = fields("根据教育部等九部门《关于进一步推进社区教育发展的意见》（教职成〔2016〕4号，以下简称《推进社区教育发展意见》），"
               "各地要对照《推进社区教育发展意见》要求抓好落实。")
    assert [(c["doc_number"], c["title"]) for c in f["cites"]] == [("教职成〔2016〕4号", "关于进一步推进社区教育发展的意见")]


def test_theme_written_as_yi_wei_zhuti():
    f = fields("本次活动周以“学习贯彻二十大 终身学习向未来”为主题，广泛开展各类学习活动。")
    assert f["themes"] == ["学习贯彻二十大 终身学习向未来"]


def test_unit_in_brackets_after_a_number_is_an_org_contact():
    f = fields("咨询电话：0351-4234567（省教育厅职成处）。")
    (c,) = f["contacts"]
    assert c["name"] is None and c["org"] == "省教育厅职成处" and c["phones"] == ["0351-4234567"]


def test_title_without_brackets_before_its_number():
    f = fields("按照教育部办公厅关于做好2023年职业院校技能大赛工作的通知（教职成厅函〔2023〕5号）要求，现通知如下。")
    assert [(c["doc_number"], c["title"]) for c in f["cites"]] == [
        ("教职成厅函〔2023〕5号", "教育部办公厅关于做好2023年职业院校技能大赛工作的通知")]


def test_contact_inside_the_fuzhu_parentheses():
    text = ("余杭区教育局\n关于开展读书活动的通知\n各学校：\n请于5月31日前将活动总结报送区教育局。\n余杭区教育局\n2023年5月5日\n"
            "（联系人：王芳，联系电话：87654321）\n")
    f = extract_text(text)
    (c,) = f["contacts"]
    assert c["name"] == "王芳" and c["phones"] == ["0571-87654321"]  # Hangzhou's code, inferred
    assert f["level"] == "county"


def test_background_dates_before_the_issue_date_are_no_schedule():
    f = fields("2022年10月16日，党的二十大在北京隆重召开。现定于2023年4月20日举行读书节开幕式。")
    assert [(e["start"], e["end"]) for e in f["events"]] == [("2023-04-20", "2023-04-20")]


def test_obligations_of_a_school_notice_with_no_issue_date():
    text = """吉首大学关于2018年6月全国大学英语四、六级考试报名工作的通知
各学院（部）、教学单位：
2018年上半年全国大学英语四、六级考试定于6月16日进行，现将有关事项通知如下：
（1）信息表必须经学生签字后由学院保存，存在错误信息的由学生本人于3月23日之前来考试中心修改。
（2）报名系统中没相片的考生按照要求于3月25日之前拍摄，电子相片交所在学院教务秘书。
"""
    f = extract_text(text)
    assert f["issue_date"] is None
    got = {d["date"]: d["kind"] for d in f["deadlines"]}
    assert got == {"2018-03-23": "task", "2018-03-25": "submission"}  # the year comes from the title
    assert ("2018-06-16", "2018-06-16") in {(e["start"], e["end"]) for e in f["events"]}


def test_pdf_text_of_another_province_with_spaces_page_number_and_wrapped_heading_sentence():
    """Written in the layout PDF extraction gives (spaced header, blank lines, "- 2 -")."""
    from pathlib import Path

    from pipeline.record import build_record

    rec = build_record(Path(__file__).parent / "data" / "hunan_style_pdf_text.txt")
    assert (rec["doc_number"], rec["issuer"], rec["level"], rec["issue_date"]) == (
        "湘教通〔2023〕112号", "湖南省教育厅", "provincial", "2023-05-26")
    assert rec["title"] == "湖南省教育厅关于组织开展2023年全省中小学教师信息技术应用能力提升培训的通知"
    d = {x["date"]: x for x in rec["deadlines"]}
    assert d["2023-06-30"]["submit_to"] == "省教育厅教师工作与师范教育处" and d["2023-06-30"]["channel"] == "jsc@hnedu.cn"
    assert d["2023-09-15"]["submit_to"] is None
    assert [(e["start"], e["end"]) for e in rec["events"]] == [("2023-07-10", "2023-08-20")]
    c = {x["name"]: x for x in rec["contacts"]}
    assert c["李娜"]["phones"] == ["0731-84714512"] and c["王强"]["phones"] == ["13807311234"]
    assert rec["attachments"] == ["2023年培训名额分配表", "2023年培训情况统计表"]
    assert [(x["doc_number"]) for x in rec["cites"]] == ["教师〔2019〕1号"]


def test_several_names_after_one_cue_and_a_space_after_the_area_code():
    f = fields("联系人：张伟、李娜，联系电话：0351 3193088。")
    c = {x["name"]: x for x in f["contacts"]}
    assert set(c) == {"张伟", "李娜"}
    # one number after a list of names is every listed person's (the corpus gold's convention)
    assert [x["phones"] for x in f["contacts"]] == [["0351-3193088"], ["0351-3193088"]]
