"""Cost per MB of input from 10 KB to 10 MB, for every shape where the library loops.

Each case is read in a fresh process (so that its peak memory is its own), timed and
measured there; the cost per MB must stay flat as the input grows. Shapes, each built
around the shipped sample report so that the recogniser runs in full:

- ``rows``: a long tab-separated table in section 三 (rows the form does not know);
- ``md-rows``: the same as a Markdown pipe table;
- ``fields``: header field lines ("索引号：值") before the title;
- ``paragraph``: one paragraph of wrapped Chinese lines, as taken out of a PDF;
- ``latin``: one paragraph of wrapped Latin words (the join looks at the line's last word);
- ``paragraphs``: many short paragraphs in section 五;
- ``docx-empty``: a DOCX of empty paragraphs.

    python benchmarks/bench_scale.py [--shape NAME ...] [--sizes 10k,100k,1m,10m] [--timeout S]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SAMPLE = (ROOT / "samples" / "report.txt").read_text(encoding="utf-8")
_MD_SAMPLE = (ROOT / "samples" / "report.md").read_text(encoding="utf-8")
# Without the full-width first-line indents the text reader looks for wrapped lines to join.
_WRAPPED = _SAMPLE.replace("\u3000\u3000", "")


def _fill(unit: Callable[[int], str], size: int) -> str:
    """Lines made by ``unit(i)`` until they hold ``size`` bytes of UTF-8."""
    out: list[str] = []
    total = i = 0
    while total < size:
        line = unit(i)
        out.append(line)
        total += len(line.encode("utf-8")) + 1
        i += 1
    return "\n".join(out)


def _insert_after(text: str, marker: str, extra: str) -> str:
    at = text.index(marker) + len(marker)
    return text[:at] + "\n" + extra + "\n" + text[at:]


def _rows(size: int) -> bytes:
    table = _fill(lambda i: f"其他事项{i}\t{i % 7}\t0\t1\t0\t0\t0\t{i % 7 + 1}", size)
    return _insert_after(_SAMPLE, "三、收到和处理政府信息公开申请情况\n", table).encode()


def _md_rows(size: int) -> bytes:
    head = "| 事项 | 数量 | 备注 |\n| --- | --- | --- |\n"
    table = head + _fill(lambda i: f"| 其他事项{i} | {i % 7} | 无 |", size)
    return _insert_after(_MD_SAMPLE, "## 三、收到和处理政府信息公开申请情况\n", "\n" + table + "\n").encode()


def _fields(size: int) -> bytes:
    keys = ("索引号", "发布机构", "成文日期", "公开方式", "文号", "主题分类")
    return (_fill(lambda i: f"{keys[i % len(keys)]}：值{i}", size) + "\n" + _SAMPLE).encode()


_LINE = "本机关坚持以公开为常态、不公开为例外，持续提升政务公开质量和实效，全年未发生舆情。"


def _paragraph(size: int) -> bytes:
    para = _fill(lambda i: _LINE[i % 7:] + _LINE[:i % 7], size)
    return _insert_after(_WRAPPED, "五、存在的主要问题及改进情况\n", para).encode()


def _latin(size: int) -> bytes:
    para = _fill(lambda i: f"the report of office {i} was published on the portal and in print for all", size)
    return _insert_after(_WRAPPED, "五、存在的主要问题及改进情况\n", para).encode()


def _paragraphs(size: int) -> bytes:
    para = _fill(lambda i: f"\u3000\u3000第{i}项工作已经完成。\n", size)
    return _insert_after(_SAMPLE, "五、存在的主要问题及改进情况\n", para).encode()


def _docx_empty(size: int) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "<w:p/>" * max(1, size // 6)
    doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.'
          'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:  # stored: the bytes are the size
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/document.xml", doc)
    return buf.getvalue()


SHAPES: dict[str, tuple[str, Callable[[int], bytes]]] = {
    "rows": ("text", _rows), "md-rows": ("markdown", _md_rows), "fields": ("text", _fields),
    "paragraph": ("text", _paragraph), "latin": ("text", _latin), "paragraphs": ("text", _paragraphs),
    "docx-empty": ("docx", _docx_empty),
}
_SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}


def _one(shape: str, size: int) -> None:
    """Read one case in this process; print seconds, bytes and peak RSS as JSON."""
    import govreport_io as gr

    fmt, make = SHAPES[shape]
    data = make(size)
    gr.read(_SAMPLE.encode(), "text")  # imports and caches warm, as in a long-running process
    t = time.perf_counter()
    try:
        gr.read(data, fmt)
        outcome = "ok"
    except gr.GovReportError as exc:
        outcome = type(exc).__name__
    seconds = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "bytes": len(data), "rss": rss, "outcome": outcome}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shape", action="append", choices=sorted(SHAPES))
    ap.add_argument("--sizes", default="10k,100k,1m,10m")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before a case is given up")
    ap.add_argument("--one", nargs=2, metavar=("SHAPE", "BYTES"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        _one(args.one[0], int(args.one[1]))
        return
    print(f"{'shape':11} {'size':>5} {'bytes':>10} {'seconds':>8} {'s per MB':>9} {'peak MB':>8}  outcome")
    for shape in args.shape or list(SHAPES):
        for name in args.sizes.split(","):
            cmd = [sys.executable, __file__, "--one", shape, str(_SIZES[name])]
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, check=True)
            except subprocess.TimeoutExpired:
                print(f"{shape:11} {name:>5} {'':>10} {'>' + str(int(args.timeout)):>8}  (larger sizes skipped)")
                break
            r = json.loads(done.stdout.strip().splitlines()[-1])
            per_mb = r["seconds"] / (r["bytes"] / 1e6)
            print(f"{shape:11} {name:>5} {r['bytes']:10d} {r['seconds']:8.2f} {per_mb:9.2f} "
                  f"{r['rss'] / 1e6:8.0f}  {r['outcome']}", flush=True)


if __name__ == "__main__":
    main()
