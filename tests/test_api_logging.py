"""The API as a program embeds it: the govreport_io logger, strict reads, numeric positions, errors naming the file."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

import govreport_io as gr
from govreport_io.log import logger

from .conftest import SAMPLES

CAPTURE = SAMPLES / "capture-pdftext.txt"  # a capture with page furniture: it always gives warnings


def row_missing_bytes() -> bytes:
    """report.md without the row （一）予以公开: a warning-level warning (page furniture may be info only)."""
    lines = (SAMPLES / "report.md").read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(ln for ln in lines if "（一）予以公开" not in ln).encode("utf-8")


def row_missing(tmp_path: Path) -> Path:
    """:func:`row_missing_bytes` as a file."""
    path = tmp_path / "row-missing.md"
    path.write_bytes(row_missing_bytes())
    return path


def test_the_logger_has_a_null_handler_and_prints_nothing_by_default() -> None:
    assert logging.getLogger("govreport_io") is logger
    assert any(isinstance(h, logging.NullHandler) for h in logger.handlers)


def test_the_logger_receives_every_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="govreport_io"):
        result = gr.read_document(CAPTURE)
    records = [r for r in caplog.records if r.name == "govreport_io"]
    assert result.warnings and len(records) == len(result.warnings)
    assert [r.govreport_warning for r in records] == result.warnings  # type: ignore[attr-defined]
    assert all(str(CAPTURE) in r.getMessage() for r in records)


def test_strict_raises_on_a_warning_and_names_the_file(tmp_path: Path) -> None:
    bad = row_missing(tmp_path)
    with pytest.raises(gr.StrictError) as info:
        gr.read(bad, strict=True)
    err = info.value
    assert isinstance(err, gr.ReadError) and err.source == str(bad) and str(err).startswith(str(bad))
    assert "row-missing" in str(err)
    assert err.warnings and all(isinstance(w, gr.ReaderWarning) for w in err.warnings)
    with pytest.raises(gr.StrictError):
        gr.read_document(bad.read_bytes(), "markdown", strict=True)


def test_strict_lets_info_level_warnings_through(monkeypatch: pytest.MonkeyPatch) -> None:
    # Routine notes (page numbers removed) never fail a read, whether severity sits on the warning or its code.
    monkeypatch.setattr(gr.ReaderWarning, "severity", "info", raising=False)
    result = gr.read_document(CAPTURE, strict=True)
    assert result.warnings


def test_strict_passes_a_clean_read() -> None:
    assert gr.read(SAMPLES / "report.json", strict=True) == gr.read(SAMPLES / "report.json")
    assert gr.read_document(SAMPLES / "report.md", strict=True).warnings == []


def test_warnings_carry_numbers_beside_their_text() -> None:
    result = gr.read_document(CAPTURE)
    for w in result.warnings:
        d = w.to_dict()
        assert {"code", "message", "source", "where"} <= set(d)  # the old keys stay
        assert (d["page"], d["line"], d["table"], d["row"], d["column"]) == (
            w.pos.page, w.pos.line, w.pos.table, w.pos.row, w.pos.cell)
    assert any(isinstance(w.to_dict()["line"], int) for w in result.warnings)


def test_findings_carry_numbers_beside_their_text() -> None:
    text = (SAMPLES / "report.md").read_text(encoding="utf-8")
    assert "（一）予以公开\t\t15\t2" in text
    broken = text.replace("（一）予以公开\t\t15\t2", "（一）予以公开\t\t99\t2").encode("utf-8")
    findings = gr.read_document(broken, "markdown").findings()
    r2 = next(f for f in findings if f.rule == "R2")
    d = r2.to_dict()
    assert d["where"] and len(d["positions"]) == len(d["where"])
    first = d["positions"][0]
    assert first["path"].startswith("requests.granted") and isinstance(first["line"], int)
    assert set(first) == {"path", "page", "line", "table", "row", "column"}
    assert f"line {first['line']}" in d["where"][0]


def test_a_binary_text_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "binary.txt"
    bad.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(gr.GovReportError) as info:
        gr.read(bad)
    assert info.value.source == str(bad) and str(info.value).startswith(str(bad))


def test_an_error_from_bytes_names_the_bytes() -> None:
    with pytest.raises(gr.GovReportError) as info:
        gr.read(bytes(range(256)) * 8, "text")
    assert str(info.value).startswith("<bytes>")


def test_testing_without_hypothesis_names_the_extra() -> None:
    code = "import sys; sys.modules['hypothesis'] = None\nimport govreport_io.testing"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode != 0 and "pip install 'govreport_io[test]'" in proc.stderr


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the records the logger makes from now on."""
    made: list[int] = []
    real = logger.makeRecord

    def counting(*args: object, **kwargs: object) -> logging.LogRecord:
        made.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(logger, "makeRecord", counting)
    return made


def test_no_record_is_made_where_nothing_would_act_on_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the NullHandler listens (logging as a library leaves it): warnings cost no records."""
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    made = _made(monkeypatch)
    result = gr.read_document(CAPTURE)
    assert result.warnings and made == []


@pytest.mark.parametrize("setup", ["root handler", "own handler", "filter", "no handler at all"])
def test_records_are_made_wherever_something_acts_on_them(setup: str, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    collect = _Collect()
    seen: list[logging.LogRecord] = []
    if setup == "root handler":
        monkeypatch.setattr(logging.getLogger(), "handlers", [collect])
    elif setup == "own handler":
        monkeypatch.setattr(logger, "handlers", [*logger.handlers, collect])
    elif setup == "filter":
        monkeypatch.setattr(logger, "filters", [lambda r: seen.append(r) or True])
    else:  # logging's last resort prints warnings to stderr
        monkeypatch.setattr(logger, "handlers", [])
    made = _made(monkeypatch)
    result = gr.read_document(row_missing_bytes(), "markdown")
    serious = [w for w in result.warnings if gr.log.level(w) >= logging.WARNING]
    assert serious and len(made) == len(serious)  # the INFO ones stay below the logger's level
    if setup in ("root handler", "own handler"):
        assert [r.govreport_warning for r in collect.records] == serious  # type: ignore[attr-defined]
    elif setup == "filter":
        assert len(seen) == len(serious)
    else:
        assert "not found" in capsys.readouterr().err
