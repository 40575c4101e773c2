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
from govreport_io.testing import capture_cells, capture_pdftext, capture_pipes

HERE = Path(__file__).resolve().parent


def main() -> int:
    report = gr.read(HERE / "report.json")
    writers = {"txt": "text", "md": "markdown", "html": "html", "docx": "docx", "pdf": "pdf", "xlsx": "xlsx"}
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
