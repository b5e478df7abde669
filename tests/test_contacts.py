"""Contacts, one phenomenon per case, on sentences of real notices (dev-corpus training notices and
public notices of other provinces)."""
import pytest

from tests.conftest import extract_text

SHANGHAI = ("上海市新闻出版局\n关于开展2016年上海市中小学生读书活动的通知\n各区县教育局：\n", "\n上海市新闻出版局\n2016年3月1日\n")
WUHAN = ("武汉市教育局\n关于公示学习型城市建设行动计划的通知\n各区教育局：\n", "\n武汉市教育局\n2023年9月13日\n")
MOE = ("教育部办公厅\n关于开展宣讲活动的通知\n各省、自治区、直辖市教育厅（教委）：\n", "\n教育部办公厅\n2014年7月9日\n")
HUBEI = ("湖北省教育厅\n关于召开校办产业统计工作会议的通知\n各高等学校：\n", "\n湖北省教育厅\n2010年3月1日\n")
COLLEGE = ("某某职业技术学院\n关于开展技能运动会的通知\n各系部：\n", "\n某某职业技术学院\n2017年3月1日\n")


def contacts(body, frame=COLLEGE):
    head, sign = frame
    rec = extract_text(head + body + sign)
    return {c["name"] or c["org"]: c for c in rec["contacts"]}


CASES = [
    # several names on one line share the numbers after them, and the email just before them
    ("shared numbers", WUHAN,
     "如对公示内容有意见及建议，请于2023年10月12日前发送至电子邮箱5131357@qq.com。联系人:王峥 刘中玉,联系电话:027-65608446 18062677733。",
     {"王峥": (["027-65608446", "18062677733"], ["5131357@qq.com"]),
      "刘中玉": (["027-65608446", "18062677733"], ["5131357@qq.com"])}),
    # as many parallel groups of numbers as names: each takes its own, extensions kept
    ("parallel groups", SHANGHAI,
     "联系人:王宛艺、王珂;联系电话:64370176-8511,13817710226;64370176-8305,18917701907;邮箱[email protected]。",
     {"王宛艺": (["021-64370176-8511", "13817710226"], []), "王珂": (["021-64370176-8305", "18917701907"], [])}),
    # a letter-spaced cue, two names, and two numbers run together by a lost separator
    ("spaced cue, glued numbers", MOE,
     "相关事宜请询职业教育与成人教育司办公室。\n联 系 人:邱懿 许建\n联系电话:010-6609623466097709",
     {"邱懿": (["010-66096234", "66097709"], []), "许建": (["010-66096234", "66097709"], [])}),
    # roster lines: unit before the first name, names with a space inside, a fax line repeating a
    # number, a cue line giving only the unit of the next line, and a hotel with its own number
    ("roster lines", HUBEI,
     "2010年3月11日下午在武汉工程大学学术交流中心(瑞安大酒店)报到。(瑞安大酒店地址:武汉市洪山区雄楚大街693号,联系电话:027-68887188)\n"
     "3月12日上午9:00在武汉工程大学科教楼开会、培训。\n联系人:省教育厅科技处 丁雪峰 027-87328022\n刘 霞 027-69806791\n"
     "027-87328022(传真)\n会务承办单位:武汉工程大学\n会务联系人及电话:武汉工程大学科技处\n张 美 027-87194596 15972912727",
     {"丁雪峰": (["027-87328022"], []), "刘霞": (["027-69806791"], []),
      "张美": (["027-87194596", "15972912727"], []), "瑞安大酒店": (["027-68887188"], [])}),
    # a surname with its title is the name as given; a campus short number in brackets
    ("surname and title, short number", COLLEGE,
     "材料报送地址:静远楼2109,邮箱:365961742@qq.com。\n联系人:彭老师,电话:83656391(56391)",
     {"彭老师": (["83656391", "56391"], ["365961742@qq.com"])}),
    # the person a submission goes to (a full name drops its title)
    ("submission to a titled person", COLLEGE,
     "1、电子版和书面版(学生可手写)各一份于4月15日前交图书馆办公室于艳老师处。\n2、电子稿请发送到suutushuguan@sina.com",
     {"于艳": ([], ["suutushuguan@sina.com"])}),
    ("submission to a person 收", COLLEGE,
     "市电大提交的材料要有打印稿和电子文档,打印稿盖学校公章邮寄至广东开放大学教务处考务科李刚收,电子文档发送至邮箱404616662@qq.com。",
     {"李刚": ([], ["404616662@qq.com"])}),
    ("person in brackets after a unit", COLLEGE,
     "各区市图书馆于7月31日(星期日)前完成选拔推荐,并将参赛者信息在8月2日(星期二)之前报送至青岛市图书馆(田老师)。",
     {"田老师": ([], [])}),
    # masked values are never read; the named person stays
    ("masked values", COLLEGE,
     "其中汇总名册电子稿发送至wj****zx@126***。联系人:张新东,联系电话:67****26。",
     {"张新东": ([], [])}),
    # a name glued to the next cue; a fax written after the phone
    ("glued cues and a fax", MOE,
     "联系人:卢昊电子邮箱:zzxxc@***.cn\n电话:010-66097143传真:010-66020434",
     {"卢昊": (["010-66097143", "010-66020434"], [])}),
    # a bare local number right after the name
    ("bare number after the name", COLLEGE, "评审时间及人员另行通知。联系人:石义,8068059。", {"石义": (["8068059"], [])}),
    # values on later lines, past an address and a postcode
    ("values below the name", COLLEGE,
     "联系人:李虹\n地址:\n潼南区梓潼街道办事处书院街16号\n邮编:402660\n联系电话:\n44581499、18008358786\n电子邮箱:\n495730031@qq.com",
     {"李虹": (["44581499", "18008358786"], ["495730031@qq.com"])}),
    # a copy that lost a digit and garbled the separators
    ("damaged copy", COLLEGE, "并颁发获奖证书 联系人:童熠?nbsp; 电话?3813669675", {"童熠": (["3813669675"], [])}),
    # unit-only contacts with faxes (and a landline without its area code)
    ("unit contacts with faxes", HUBEI,
     "各市、州教育行政部门联系处室:省教育厅基础教育处;联系电话:027-87328063,87328097(传真)。\n"
     "有关中等职业学校联系处室:省教育厅职业教育与成人教育处;\n联系电话:87328019,87823837(传真)。",
     {"省教育厅基础教育处": (["027-87328063", "027-87328097"], []),
      "省教育厅职业教育与成人教育处": (["027-87328019", "027-87823837"], [])}),
    # the person to ask, with a unit before the name (in the style of many notices)
    ("person to ask", COLLEGE, "如有疑问，请与教务处李老师联系（电话：8068059）。", {"李老师": (["8068059"], [])}),
    ("list items: unit, name, number", HUBEI, "联系人及电话：高教处 吴明 87328019；职成处 郑平 87328022。",
     {"吴明": (["027-87328019"], []), "郑平": (["027-87328022"], [])}),
    ("a name after 联系方式", COLLEGE, "联系方式：王明 0571-87654321", {"王明": (["0571-87654321"], [])}),
    # a roster table: one contact per row
    ("roster table", COLLEGE,
     "举报方式:\n序号\t单位\t举报电话\t举报邮箱\n1\t泉州市教育局\t0595-22767196\ttwyyk@qzedu.cn\n2\t鲤城区教育局\t0595-22375013\tlcjyzf2@126.com\n",
     {"泉州市教育局": (["0595-22767196"], ["twyyk@qzedu.cn"]), "鲤城区教育局": (["0595-22375013"], ["lcjyzf2@126.com"])}),
]


@pytest.mark.parametrize("phenomenon,frame,body,expected", CASES, ids=[c[0] for c in CASES])
def test_contacts(phenomenon, frame, body, expected):
    got = contacts(body, frame)
    assert {k: (c["phones"], c["emails"]) for k, c in got.items()} == expected


def test_names_with_and_without_units():
    got = contacts("联系人:省教育厅科技处 丁雪峰 027-87328022\n刘 霞 027-69806791\n", HUBEI)
    assert got["丁雪峰"]["org"] == "省教育厅科技处" and got["刘霞"]["org"] == "省教育厅科技处"
    got = contacts("于4月15日前交图书馆办公室于艳老师处。", COLLEGE)
    assert got["于艳"]["org"] == "图书馆办公室"


def test_fax_numbers_are_kept_apart():
    got = contacts("联系人:卢昊\n电话:010-66097143传真:010-66020434", MOE)
    assert got["卢昊"]["faxes"] == ["010-66020434"]
    got = contacts("联系人：张明，电话：0351-3193088，传真：0351-3193089。", ("山西省教育厅\n关于开展活动的通知\n各市教育局：\n", "\n山西省教育厅\n2022年1月1日\n"))
    assert got["张明"]["phones"] == ["0351-3193088", "0351-3193089"] and got["张明"]["faxes"] == ["0351-3193089"]


@pytest.mark.parametrize("number,expected", [
    ("0351-3193088转8012", "0351-3193088-8012"),
    ("0351-3193088分机8012", "0351-3193088-8012"),
    ("(0351)3193088-8012", "0351-3193088-8012"),
])
def test_extensions_stay_with_their_number(number, expected):
    got = contacts(f"联系人：陈静，电话：{number}。")
    assert got["陈静"]["phones"] == [expected]


def test_contact_line_after_the_date():
    text = ("某某县教育局\n关于开展读书活动的通知\n各学校：\n请于5月31日前将活动总结报送县教育局。\n某某县教育局\n2023年5月5日\n"
            "联系人：王芳  联系电话：13812345678\n")
    rec = extract_text(text)
    assert [(c["name"], c["phones"]) for c in rec["contacts"]] == [("王芳", ["13812345678"])]


def test_site_footer_after_the_notice_is_no_contact():
    text = ("某某市教育局\n关于开展读书活动的通知\n各学校：\n请于5月31日前将活动总结报送市教育局。\n某某市教育局\n2023年5月5日\n"
            "版权所有：某某市教育局  联系电话：0571-87000000  邮箱：web@example.cn\n")
    assert extract_text(text)["contacts"] == []


def test_site_header_above_the_title_is_no_contact():
    text = ("咨询电话：0571-88886666  邮箱：office@example.cn\n某某市教育局\n关于开展读书活动的通知\n各学校：\n"
            "请于5月31日前将活动总结报送市教育局。\n某某市教育局\n2023年5月5日\n")
    assert extract_text(text)["contacts"] == []


def test_a_truncated_email_is_not_emitted():
    text = "教育部职业教育与成人教育司\n关于做好社区教育统计的通知\n各省教育厅：\n三、联系人：宋文燕，邮箱：songwy@ouchn.ed"
    rec = extract_text(text)
    assert [c["emails"] for c in rec["contacts"]] == [[]]


@pytest.mark.parametrize("issuer,number,expected", [
    ("宣城市教体局", "3033016", "0563-3033016"),       # a city body: its city's code
    ("余杭区教育局", "87654321", "0571-87654321"),     # a district: its city's code
    ("湖北省教育厅", "87328019", "027-87328019"),      # a provincial body: the capital's code
    ("某某职业技术学院", "8068059", "8068059"),        # no place in the name: nothing inferred
    ("江苏开放大学", "86275608", "86275608"),          # a university of a province is not in its capital
])
def test_area_code_only_from_the_issuers_own_place(issuer, number, expected):
    rec = extract_text(f"{issuer}\n关于开展活动的通知\n各单位：\n联系人：王明，联系电话：{number}。\n{issuer}\n2024年3月3日\n")
    assert [c["phones"] for c in rec["contacts"]] == [[expected]]
