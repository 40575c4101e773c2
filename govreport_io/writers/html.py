"""HTML: a standalone HTML5 page (or a fragment) with the three tables in the official layout.

Built with lxml, so every text is escaped; CSS for screen and print; lang="zh-CN".
"""

from __future__ import annotations

from lxml import etree

from ..conventions import HTML_FIELDS_CLASS
from ..model import Report
from ._layout import HEADER_ROWS, Grid, walk

_CSS = """
body{margin:0;background:#f4f4f0;color:#222;font:16px/1.8 "FangSong","仿宋_GB2312","STFangsong","Songti SC",serif}
article.govreport{max-width:52em;margin:2em auto;padding:3em 4em;background:#fff;box-shadow:0 0 .5em #ccc}
h1{font:bold 1.6em/1.4 "FZXiaoBiaoSong-B05S","方正小标宋简体","SimHei","黑体",sans-serif;
text-align:center;margin:.5em 0 1em}
h2{font:bold 1.15em/1.6 "SimHei","黑体",sans-serif;margin:1.2em 0 .4em}
h3{font:bold 1em/1.8 "KaiTi","楷体_GB2312","STKaiti",serif;margin:.6em 0 .2em;text-indent:2em}
p{margin:0;text-indent:2em;text-align:justify;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.6em 0 1em;font-size:.85em;line-height:1.4}
th,td{border:1px solid #555;padding:.3em .4em;text-align:center;vertical-align:middle}
td{min-width:2.5em}
th{background:#f2f2f2;font-weight:normal}
table.fields{font-size:.85em;margin-bottom:1.5em}
table.fields th{text-align:right;width:7em}
table.fields td{text-align:left}
@media print{body{background:#fff}article.govreport{box-shadow:none;margin:0;padding:0;max-width:none}
table{page-break-inside:auto}thead{display:table-header-group}tr{page-break-inside:avoid}h2{page-break-after:avoid}}
"""


def _grid_table(grid: Grid, number: int, caption: str) -> etree._Element:
    table = etree.Element("table", {"class": "form-table"})
    cap = etree.SubElement(table, "caption")
    cap.text = caption
    cap.set("hidden", "hidden")
    # header rows in <thead>: a browser repeats them on every printed page
    head = etree.SubElement(table, "thead") if HEADER_ROWS[number] else None
    body = etree.SubElement(table, "tbody")
    for n, row in enumerate(grid):
        tr = etree.SubElement(head if head is not None and n < HEADER_ROWS[number] else body, "tr")
        for cell in row:
            el = etree.SubElement(tr, "th" if cell.header else "td")
            if cell.colspan > 1:
                el.set("colspan", str(cell.colspan))
            if cell.rowspan > 1:
                el.set("rowspan", str(cell.rowspan))
            el.text = cell.text
    return table


def _article(report: Report) -> etree._Element:
    art = etree.Element("article", {"class": "govreport", "data-schema": "govreport/1", "data-form": report.form})
    parent, heading = art, ""
    fields: etree._Element | None = None
    for part in walk(report, "HTML", xml=True):
        if part.kind == "field":
            if fields is None:
                fields = etree.SubElement(art, "table", {"class": HTML_FIELDS_CLASS})
            tr = etree.SubElement(fields, "tr")
            etree.SubElement(tr, "th").text = f"{part.key}："
            etree.SubElement(tr, "td").text = part.text
        elif part.kind == "title":
            etree.SubElement(art, "h1").text = part.text
        elif part.kind in ("section", "appendix"):
            parent = etree.SubElement(art, "section")
            etree.SubElement(parent, "h2").text = part.text
            heading = part.text
        elif part.kind == "table":
            parent.append(_grid_table(part.grid, part.number, heading))
        else:
            etree.SubElement(parent, "h3" if part.kind == "heading" else "p").text = part.text
    return art


def write(report: Report, *, fragment: bool = False) -> bytes:
    """A standalone HTML5 page (or, with ``fragment=True``, the <article> alone)."""
    art = _article(report)
    if fragment:
        return etree.tostring(art, method="html", encoding="utf-8") + b"\n"
    page = etree.Element("html", {"lang": "zh-CN"})
    head = etree.SubElement(page, "head")
    etree.SubElement(head, "meta", {"charset": "utf-8"})
    etree.SubElement(head, "meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"})
    etree.SubElement(head, "meta", {"name": "generator", "content": "govreport_io"})
    title = etree.SubElement(head, "title")
    title.text = next((p.text for p in walk(report, xml=True) if p.kind == "title"), "政府信息公开工作年度报告")
    style = etree.SubElement(head, "style")
    style.text = _CSS
    body = etree.SubElement(page, "body")
    body.append(art)
    return b"<!DOCTYPE html>\n" + etree.tostring(page, method="html", encoding="utf-8") + b"\n"
