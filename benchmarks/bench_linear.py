"""Is reading linear in the input's size? Cost per MB and peak memory from 10 KB to 10 MB.

For text, Markdown and HTML, four shapes (one long paragraph of wrapped lines, many
paragraphs, a wide table, a long table), and for text a fifth (a crawler capture with glued
table cells whose prose holds long runs of digits), at 10 KB, 100 KB, 1 MB and 10 MB. Each read runs
in its own process with a time cap, so a quadratic case cannot hang the script: it prints
"over budget" and skips the larger sizes of that shape. Flat seconds per MB = linear.

    python benchmarks/bench_linear.py [--cap SECONDS] [--sizes 10K,100K,1M,10M] [--formats text,markdown,html]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

KB = 1024
SIZES = {"10K": 10 * KB, "100K": 100 * KB, "1M": 1024 * KB, "10M": 10 * 1024 * KB}
HEAD = "青溪县人民政府办公室2024年政府信息公开工作年度报告\n\n一、总体情况\n\n"
SENTENCE = "我们认真贯彻落实条例要求，持续推进政务公开工作，全年主动公开政府信息一千余条。"  # 41 chars
TAIL = "\n\n六、其他需要报告的事项\n\n无其他需要报告的事项。\n"


def _repeat(unit: str, size: int) -> int:
    return max(1, size // len(unit.encode()))


def _rows(size: int, cols: int, cell: Callable[[int, int], str], sep: str, lead: str = "", end: str = "") -> list[str]:
    line = lead + sep.join(cell(0, j) for j in range(cols)) + end
    return [lead + sep.join(cell(i, j) for j in range(cols)) + end for i in range(_repeat(line + "\n", size))]


def _cell(i: int, j: int) -> str:
    return f"项目{i}" if j == 0 else str(i % 1000)


def _glued_capture(size: int) -> str:
    """A crawler capture (the report on one line, table cells glued) whose section 五 holds about
    ``size`` bytes of prose with long runs of digits: a glued table has its prose searched for
    numbers it restates, so that search must stay linear in runs of digits too."""
    import govreport_io as gr
    from govreport_io.testing import capture_crawler

    capture = capture_crawler(gr.read(Path(__file__).resolve().parent.parent / "samples" / "report.json"))
    filler = SENTENCE + "7" * 200 + "件结转下年度。"
    marker = "五、存在的主要问题及改进情况"
    return capture.replace(marker, marker + filler * _repeat(filler, size), 1)


def text_doc(shape: str, size: int) -> str:
    """A plain-text report of about ``size`` bytes in the given shape."""
    if shape == "glued-capture":
        return _glued_capture(size)
    if shape == "long-paragraph":
        body = "\n".join([SENTENCE] * _repeat(SENTENCE + "\n", size))
    elif shape == "paragraphs":
        body = "\n\n".join([SENTENCE] * _repeat(SENTENCE + "\n\n", size))
    else:
        cols = 40 if shape == "wide-table" else 4
        body = "二、主动公开政府信息情况\n\n" + "\n".join(_rows(size, cols, _cell, "\t"))
    return HEAD + body + TAIL


def markdown_doc(shape: str, size: int) -> str:
    """A Markdown report (GFM tables) of about ``size`` bytes."""
    if shape in ("long-paragraph", "paragraphs"):
        return "# " + text_doc(shape, size)
    cols = 40 if shape == "wide-table" else 4
    head = "| " + " | ".join(f"列{j}" for j in range(cols)) + " |\n|" + "---|" * cols + "\n"
    rows = _rows(size, cols, _cell, " | ", "| ", " |")
    return "# " + HEAD + "## 二、主动公开政府信息情况\n\n" + head + "\n".join(rows) + TAIL


def html_doc(shape: str, size: int) -> str:
    """An HTML report of about ``size`` bytes."""
    if shape == "long-paragraph":
        body = "<p>" + "\n".join([SENTENCE] * _repeat(SENTENCE + "\n", size)) + "</p>"
    elif shape == "paragraphs":
        body = "".join([f"<p>{SENTENCE}</p>"] * _repeat(f"<p>{SENTENCE}</p>", size))
    else:
        cols = 40 if shape == "wide-table" else 4
        rows = _rows(size, cols, lambda i, j: f"<td>{_cell(i, j)}</td>", "", "<tr>", "</tr>")
        body = "<h2>二、主动公开政府信息情况</h2><table>" + "".join(rows) + "</table>"
    return ("<html><head><meta charset='utf-8'></head><body><h1>青溪县2024年政府信息公开工作年度报告</h1>"
            f"<h2>一、总体情况</h2>{body}<h2>六、其他需要报告的事项</h2><p>无其他需要报告的事项。</p></body></html>")


DOCS = {"text": text_doc, "markdown": markdown_doc, "html": html_doc}
SHAPES = ("long-paragraph", "paragraphs", "wide-table", "long-table")
SHAPES_OF = {"text": (*SHAPES, "glued-capture"), "markdown": SHAPES, "html": SHAPES}


def child(fmt: str, shape: str, size: int) -> None:
    """In the child process: build, read, print {"seconds", "peak_mb", "bytes", "error"} as JSON.

    A read that succeeds without the document's last paragraph counts as an error: it was fast
    because it dropped most of the input."""
    import govreport_io as gr
    from govreport_io.errors import GovReportError

    data = DOCS[fmt](shape, size).encode()
    gr.read(DOCS[fmt](shape, 10 * KB).encode(), fmt)  # imports and caches before the clock starts
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    error = None
    t = time.perf_counter()
    try:
        report = gr.read(data, fmt)
        if "无其他需要报告的事项" not in json.dumps(report.to_dict(), ensure_ascii=False):
            error = "the end of the document is missing (silent truncation)"
    except GovReportError as exc:
        error = type(exc).__name__
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": max(0, peak - base) / 1024, "bytes": len(data),
                      "error": error}))


def run_one(fmt: str, shape: str, size: int, cap: float) -> dict[str, object] | None:
    """One read in its own process; None when it went over the time cap."""
    cmd = [sys.executable, __file__, "--child", fmt, shape, str(size)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=cap, check=False)
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        return {"seconds": float("nan"), "peak_mb": float("nan"), "bytes": size,
                "error": (out.stderr.strip().splitlines() or ["crashed"])[-1][:60]}
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cap", type=float, default=20.0, help="seconds per read (its build and start included)")
    ap.add_argument("--sizes", default=",".join(SIZES))
    ap.add_argument("--formats", default=",".join(DOCS))
    ap.add_argument("--child", nargs=3, metavar=("FORMAT", "SHAPE", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    sizes = [SIZES[s] for s in args.sizes.split(",")]
    print(f"{'format':9} {'shape':15} {'size':>8} {'seconds':>9} {'s per MB':>9} {'peak MB':>8}  note")
    for fmt in args.formats.split(","):
        for shape in SHAPES_OF[fmt]:
            over = False
            for size in sizes:
                label = f"{fmt:9} {shape:15} {size // KB:6d}K"
                if over:
                    print(f"{label} {'':>9} {'':>9} {'':>8}  skipped (a smaller size was over budget)")
                    continue
                r = run_one(fmt, shape, size, args.cap)
                if r is None:
                    over = True
                    print(f"{label} {'':>9} {'':>9} {'':>8}  over budget (> {args.cap:g} s)")
                    continue
                mb = float(r["bytes"]) / (1024 * KB)  # type: ignore[arg-type]
                secs = float(r["seconds"])  # type: ignore[arg-type]
                note = f"NOT READ WHOLE: {r['error']}" if r["error"] else ""
                print(f"{label} {secs:9.3f} {secs / mb:9.3f} {float(r['peak_mb']):8.1f}  {note}")  # type: ignore[arg-type]
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
