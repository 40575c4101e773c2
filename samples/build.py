"""Rebuild the shipped samples from samples/report.json (run: python samples/build.py).

report.json is the project's own example report (invented organ, prose and numbers).
Every format is written by the library itself; the capture-*.txt files imitate the
messy shapes in which real reports are captured, so that the demo and the core tests
run without ../shared.
"""

from __future__ import annotations

import sys
from pathlib import Path

import govreport_io as gr
from govreport_io.form.template import SECTION_NUMERALS
from govreport_io.repair.cjk import display_width
from govreport_io.writers._layout import TABLES, expand

HERE = Path(__file__).resolve().parent


def _wrap(text: str, width: int = 52) -> list[str]:
    """Break a paragraph at a fixed measure (in half-width columns), as a PDF sets it."""
    lines, cur = [], ""
    for ch in text:
        if display_width(cur + ch) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    return [*lines, cur] if cur else lines


def capture_pdftext(report: gr.Report) -> str:
    """Text as taken out of a PDF: wrapped lines, blank lines between lines, a page footer
    inside a paragraph, spaces between characters, table header text stacked one char per line."""
    lines: list[str] = []
    if report.title and report.organ and report.title.startswith(report.organ):
        # a two-line title, as printed at the head of the first page
        lines.append(" ".join(report.organ))
        lines.append(report.title[len(report.organ):])
    for b in report.preamble:
        lines.extend(_wrap(b.text))
    page = 1
    for s in report.sections:
        lines.append(f"{SECTION_NUMERALS[s.number - 1]}、{s.title}")
        grids = dict(TABLES)
        if s.number in grids:
            for row in expand(grids[s.number](report)):
                label = [c for c in row if c and not c.replace(".", "").isdigit()]
                nums = [c for c in row if c and c.replace(".", "").isdigit()]
                if nums:
                    lines.append(" ".join(label + nums))
                else:
                    for c in label:
                        lines.extend(list(c) if len(c) <= 4 else [c])
        for n, b in enumerate(s.blocks):
            parts = _wrap(b.text)
            if s.number == 1 and n == 2 and len(parts) > 1:
                page += 1
                parts.insert(1, f"— {page} —")
            lines.extend(parts)
    return "\n\n".join(lines) + "\n"


def capture_pipes(report: gr.Report) -> str:
    """A portal page exported with pipes: header fields and tables as `a | b |` lines."""
    out = []
    for k, v in report.fields:
        out.append(f"{k}: | {v} |")
    text = gr.write(report.replace(fields=()), format="text").decode()
    for line in text.splitlines():
        if "\t" in line:
            out.append(" | ".join(line.split("\t")) + " |")
        elif line.strip():
            out.append(line.strip())
    return "\n".join(out) + "\n"


def capture_cells(report: gr.Report) -> str:
    """A copy with one table cell per tab-indented line, rows parted by blank lines."""
    out = []
    text = gr.write(report, format="text").decode()
    for line in text.splitlines():
        if "\t" in line:
            out.extend("\t" + c for c in line.split("\t"))
            out.append("")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def main() -> int:
    report = gr.read(HERE / "report.json")
    writers = {"txt": "text", "md": "markdown", "html": "html", "docx": "docx", "pdf": "pdf"}
    for ext, fmt in writers.items():
        try:
            gr.write(report, HERE / f"report.{ext}", fmt)
        except gr.FormatError as exc:  # a format not built yet
            print(f"skipped {ext}: {exc}", file=sys.stderr)
    (HERE / "capture-pdftext.txt").write_text(capture_pdftext(report), encoding="utf-8")
    (HERE / "capture-pipes.txt").write_text(capture_pipes(report), encoding="utf-8")
    (HERE / "capture-cells.txt").write_text(capture_cells(report), encoding="utf-8")
    (HERE / "capture-gb18030.txt").write_bytes(gr.write(report, format="text").replace(b"\n", b"\r\n")
                                               .decode().encode("gb18030"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
