"""Hand-built PDFs for the PDF reader's guards: page trees, nested forms, inflating streams."""

from __future__ import annotations

import zlib

_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_HELLO = b"BT /F1 12 Tf 72 800 Td (Hello) Tj ET"


def build(objects: list[bytes]) -> bytes:
    """A PDF of the given object bodies (numbered from 1, object 1 the catalog) with a true xref."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(entries: bytes, data: bytes) -> bytes:
    """A stream object body."""
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _page(contents: int, resources: bytes = b"") -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 4 0 R >> %s >> >>" % (contents, resources))


def many_pages(n: int) -> bytes:
    """A PDF of ``n`` pages sharing one content stream."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
    objects = [_CATALOG, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n, stream(b"", _HELLO), _FONT]
    objects += [_page(3)] * n
    return build(objects)


def form_tree(depth: int) -> bytes:
    """One page drawing a form that draws the next form twice, ``depth`` forms deep (2**depth draws)."""
    objects = [_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _page(5, b"/XObject << /X 6 0 R >>"),
               _FONT, stream(b"", _HELLO + b" /X Do")]
    for k in range(depth):
        last = k == depth - 1
        res = b"" if last else b"/Resources << /XObject << /X %d 0 R >> >>" % (7 + k)
        objects.append(stream(b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] " + res,
                              b"0 0 m 10 0 l S" + (b"" if last else b" /X Do /X Do")))
    return build(objects)


def inflating(size: int) -> bytes:
    """One page whose compressed content inflates to ``size`` bytes of line drawing."""
    body = b"0 0 m 1 1 l S\n"
    data = zlib.compress(body * (size // len(body)), 9)
    objects = [_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _page(5), _FONT,
               stream(b"/Filter /FlateDecode", data)]
    return build(objects)


def bad_line_width() -> bytes:
    """One page of text whose content sets a line width that is not a number (pdfminer logs it)."""
    objects = [_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _page(5), _FONT,
               stream(b"", b"/a w " + _HELLO)]
    return build(objects)
