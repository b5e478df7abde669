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
