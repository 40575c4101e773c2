"""cjk.is_cjk tells a character by its code point inline (issue #13): the same answer as the
range-and-punctuation test it used to memoise, for every code point and for what is not one
character. remove_extraction_spaces walks a short text by code point: the same text as cutting
it at its spaces and joining the pieces again, the way it takes for a long one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.repair import cjk

_CHARS = (" ", "  ", "\t", "\u3000", "\xa0", "\n", "\r", "\u2003", "a", "Z", "1", "0", "０", ",", ".", "，", "。",
          "、", "（", "）", "(", ")", "一", "本", "报", "告", "|", "#", "<", "&", "“", "”", "—", "…", "·", "ア",
          "\U00020000", "é", "\uf900", "\u2f00", "㈠", "-", "/")


def test_every_code_point_is_told_as_before() -> None:
    wrong = [hex(c) for c in range(0x110000) if cjk.is_cjk(chr(c)) != cjk._is_cjk(chr(c))]
    assert wrong == []


def test_more_or_less_than_one_character_is_refused_as_before() -> None:
    assert cjk.is_cjk("“") == cjk._is_cjk("“")  # a mark of _CJK_PUNCT given alone
    with pytest.raises(TypeError):
        cjk.is_cjk("")
    with pytest.raises(TypeError):
        cjk.is_cjk("中文")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CHARS), max_size=60).map("".join))
def test_the_walk_repairs_as_the_pieces_do(text: str) -> None:
    assert cjk._walked(text) == cjk._by_pieces(text)
    expected = text if not any(c in text for c in " \t\u3000\xa0") else cjk._by_pieces(text)
    assert cjk.remove_extraction_spaces(text) == expected


def test_a_text_of_spaces_alone_and_a_long_text() -> None:
    for text in (" ", "\u3000 \t\xa0", "本 报 告" * 100, "a  b" * 100, "2024 年\n1 月"):
        assert cjk.remove_extraction_spaces(text) == cjk._by_pieces(text)
