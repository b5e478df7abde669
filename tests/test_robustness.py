"""No notice-like text makes an extractor crash: random mixes of real notice lines."""
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.extract import extract_fields
from pipeline.structure import segment
from tests.conftest import CORPUS, doc_from_text

LINES = sorted({l.strip() for f in sorted(CORPUS.glob("*.txt")) for l in f.read_text(encoding="utf-8").splitlines() if l.strip()})
NOISE = ["", "（", "）", "：", "——", "1.", "附件", "抄送：", "联系人：", "电话：", "年月日", "12月", "前", "〔2022〕", "号",
         "关于", "的通知", "于", "至", "—", "各单位：", "（此件公开发布）", "二〇二二年十一月", "@", "0351-", "第 2 页"]


@settings(max_examples=int(__import__("os").environ.get("ROBUST_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(LINES), st.sampled_from(NOISE),
                          st.text(alphabet="关于通知各市教育局：，。、（）〔〕0123456789年月日前至—联系人电话邮箱@主题附件抄送", max_size=30)),
                min_size=1, max_size=40))
def test_extractors_never_crash(lines):
    doc = doc_from_text("\n".join(lines))
    fields = extract_fields(doc, segment(doc))
    assert isinstance(fields["deadlines"], list)
    for d in fields["deadlines"]:
        assert len(d["date"]) == 10
