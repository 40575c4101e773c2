"""The written PDF as a person sees it: fonts embedded, pages rendered, headers repeated, text right."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

import govreport_io as gr
from govreport_io.model import Block, Report
from govreport_io.writers import _fonts
from govreport_io.writers._layout import WriteWarning

from .conftest import SAMPLES


def _has_truetype_cjk() -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WriteWarning)
        return not _fonts.fonts().cid


needs_font = pytest.mark.skipif(not _has_truetype_cjk(), reason="no TrueType CJK font installed "
                                "(Debian: fonts-wqy-zenhei)")


def _sample() -> Report:
    return gr.read(SAMPLES / "report.json")


def _pdf(report: Report, **options: object) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WriteWarning)
        return gr.write(report, format="pdf", **options)


def _pages(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


@needs_font
def test_every_chinese_font_is_embedded() -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(_pdf(_sample()))) as pdf:
        names = {c["fontname"] for p in pdf.pages for c in p.chars}
    assert names and all("+" in n for n in names), names  # ABCDEF+Name: an embedded subset
    if shutil.which("pdffonts"):
        out = subprocess.run(["pdffonts", "-"], input=_pdf(_sample()), capture_output=True, check=False).stdout
        rows = [ln.split() for ln in out.decode().splitlines()[2:]]
        assert all(r[-5] == "yes" for r in rows if "+" in r[0])  # emb column


@needs_font
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_page_renders_with_visible_chinese_text(tmp_path: Path) -> None:
    from PIL import Image

    report = _sample().replace(fields=())
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(_pdf(report))
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
                   check=True, capture_output=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    w, h = image.size
    title_band = image.crop((0, int(h * 0.12), w, int(h * 0.2)))  # the title line under the top margin
    dark = sum(title_band.histogram()[:128])
    assert dark > 200, "the title renders blank"


@needs_font
def test_a_rare_character_is_never_drawn_as_another() -> None:
    report = _sample().replace(title="王\U0002c029区人民政府办公室2024年政府信息公开工作年度报告")
    with pytest.warns(WriteWarning, match="U\\+2C029"):
        data = gr.write(report, format="pdf")
    text = "".join(_pages(data))
    assert "王\U0002c029区" in text and "烜" not in text
    assert gr.read(data, "pdf").title == report.title


def test_without_a_truetype_font_the_cid_font_is_used_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_fonts, "_candidates", lambda role: [])
    with pytest.warns(WriteWarning, match="not embedded"):
        data = gr.write(_sample(), format="pdf")
    assert "青溪县人民政府办公室" in "".join(_pages(data))


def test_a_named_font_that_cannot_be_embedded_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(gr.WriteError, match="not found"):
        gr.write(_sample(), format="pdf", font=str(tmp_path / "missing.ttf"))
    cff = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if cff.exists():
        with pytest.raises(gr.WriteError, match="CFF"):
            gr.write(_sample(), format="pdf", font=str(cff))


@needs_font
def test_a_named_font_is_used_for_all_text() -> None:
    font = _fonts._fc_chinese()[0]
    import pdfplumber

    data = _pdf(_sample(), font=f"{font.path}#{font.index}")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        names = {c["fontname"].split("+")[-1] for p in pdf.pages for c in p.chars}
    assert len(names) == 1


def _pushed(report: Report, n: int) -> Report:
    """The report with ``n`` more paragraphs in section 一, so that table 三 moves down the page."""
    one = report.sections[0]
    extra = tuple(Block("paragraph", f"本段为第{k}段，用于推动表格的位置。") for k in range(n))
    return report.replace(sections=(one.__class__(1, one.title, one.blocks + extra), *report.sections[1:]))


@needs_font
def test_a_section_heading_is_never_parted_from_its_table() -> None:
    for n in range(0, 30, 4):
        pages = _pages(_pdf(_pushed(_sample(), n)))
        for heading, head_word in (("三、收到和处理", "申请人情况"), ("四、政府信息公开行政复议", "复议后起诉")):
            at = [i for i, t in enumerate(pages) if heading in t]
            assert at and head_word in pages[at[0]], (n, heading)


@needs_font
def test_table_headers_repeat_on_each_page_and_never_stand_alone() -> None:
    from reportlab.lib.units import cm

    from govreport_io.writers._layout import PAGE, column_widths, requests_grid
    from govreport_io.writers.pdf import _grid_table

    fs = _fonts.fonts()
    width = PAGE.text_width * cm - 12
    grid = requests_grid(_sample())
    table = _grid_table(grid, 3, column_widths(3, width), fs)
    table.wrap(width, 10_000)
    heights = table._rowHeights
    header = sum(heights[:3])
    splits = 0
    for avail in range(int(header) - 20, int(sum(heights)) + 20, 10):
        pieces = table.split(width, avail)
        if not pieces:
            assert avail < header + heights[3] + 1  # too little room: the whole table moves on
            continue
        for piece in pieces:
            texts = [c.getPlainText() if hasattr(c, "getPlainText") else str(c) for c in piece._cellvalues[0]]
            assert any("勾稽关系" in t for t in texts), "a piece does not start with the header rows"
            assert len(piece._cellvalues) > 3, "header rows alone"
        splits += len(pieces) > 1
    assert splits, "the table never split: the test proves nothing"


def test_the_cid_font_asked_for_by_name_gives_the_same_bytes_everywhere() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", WriteWarning)  # asked for: no warning
        data = gr.write(_sample(), format="pdf", font="STSong-Light")
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        names = {c["fontname"] for p in pdf.pages for c in p.chars}
    assert names == {"STSongStd-Light"}  # the CID font, not embedded (no subset prefix)
    assert gr.read(data, "pdf") == _sample()
