"""cjk.is_cjk tells a character by its code point inline (issue #13): the same answer as the
range-and-punctuation test it used to memoise, for every code point and for what is not one
character."""

from __future__ import annotations

import pytest

from govreport_io.repair import cjk


def test_every_code_point_is_told_as_before() -> None:
    wrong = [hex(c) for c in range(0x110000) if cjk.is_cjk(chr(c)) != cjk._is_cjk(chr(c))]
    assert wrong == []


def test_more_or_less_than_one_character_is_refused_as_before() -> None:
    assert cjk.is_cjk("“") == cjk._is_cjk("“")  # a mark of _CJK_PUNCT given alone
    with pytest.raises(TypeError):
        cjk.is_cjk("")
    with pytest.raises(TypeError):
        cjk.is_cjk("中文")
