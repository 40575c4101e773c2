"""The text reader's fast paths answer as the plain ones do (issue #13)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_io.repair import crawler

_PLAIN_CHROME_RE = re.compile("|".join(f"(?:{p})" for p in crawler._CHROME))
_PIECES = ["当前位置：首页 > 政务公开", "您的位置:首页", "来源：区政府办", "发布时间：2021-01-05 10:00",
           "时间:2021-1-5", "浏览次数：12", "访问量 3", "【字体：大 中 小】", "字号:大中小", "分享到：",
           "微信 微博 QQ空间", "全真版 文字版", "文件下载", "附件下载", "【打印本页】", "关闭窗口】", "【 打印 】",
           "[ 关闭 ]", "扫一扫在手机上打开当前页", "相关链接：", "-->", "<!--", "返回顶部", "一、总体情况", " ", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=12))
def test_the_guarded_chrome_pattern_cuts_what_the_plain_one_cuts(parts: list[str]) -> None:
    text = "".join(parts)
    assert crawler._CHROME_RE.sub("|", text) == _PLAIN_CHROME_RE.sub("|", text)


def test_every_chrome_alternative_starts_with_a_guarded_character() -> None:
    for pattern in crawler._CHROME:
        for piece in _PIECES:
            m = re.match(pattern, piece)
            if m and m.group(0):
                assert m.group(0)[0] in crawler._CHROME_FIRST, (pattern, piece)
