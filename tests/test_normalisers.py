"""Property tests for the normalisers."""
import re

from hypothesis import given, strategies as st

from pipeline.clean import drop_inserted_spaces, norm_key, to_simplified
from pipeline.extract.docnumber import normalize_doc_number

cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
text = st.text(alphabet=st.one_of(cjk, st.sampled_from("0123456789 ，。、：（）“”")), max_size=40)


@given(text)
def test_drop_inserted_spaces_is_idempotent(s):
    once = drop_inserted_spaces(s)
    assert drop_inserted_spaces(once) == once


@given(st.integers(1900, 2099), st.integers(1, 12), st.integers(1, 28))
def test_spaced_pdf_dates_are_repaired(y, m, d):
    assert drop_inserted_spaces(f"于 {y} 年 {m} 月 {d} 日前") == f"于{y}年{m}月{d}日前"


@given(text)
def test_norm_key_has_no_whitespace_and_is_idempotent(s):
    k = norm_key(s)
    assert not re.search(r"\s", k)
    assert norm_key(k) == k


@given(text)
def test_to_simplified_keeps_offsets(s):
    assert len(to_simplified(s)) == len(s)


codes = st.text(alphabet=st.sampled_from("晋教职成函浙办苏关秘鲁基发厅政"), min_size=2, max_size=8)
brackets = st.sampled_from([("〔", "〕"), ("[", "]"), ("（", "）"), ("(", ")"), ("【", "】"), ("［", "］"), ("〔 ", " 〕")])


@given(codes, st.integers(1990, 2099), st.integers(1, 9999), brackets, st.sampled_from(["", " "]))
def test_doc_numbers_normalise_to_one_form(code, year, serial, br, sp):
    raw = f"{code}{br[0]}{year}{br[1]}{sp}{serial}{sp}号"
    assert normalize_doc_number(raw) == f"{code}〔{year}〕{serial}号"


def test_norm_key_converts_to_a_fixed_point():
    k = norm_key("薴")  # OpenCC: 薴 -> 苧 -> 苎
    assert norm_key(k) == k
