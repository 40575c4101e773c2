"""The read path's own wrapping, made cheaper, still names every failure as it did (issue #13).

``api._named_errors`` is a plain context manager class (it was a ``@contextmanager`` generator)
and a read asks each warning's logging level once. What each promised is checked here directly:
errors of the library get the file name, a dependency's failure becomes a ReadError with its cause
chained and no class name in the message, a strict refusal and an interrupt pass untouched.
"""

from __future__ import annotations

import logging

import pytest

from govreport_io import api, log
from govreport_io.diagnostics import ReaderWarning, WarningCode
from govreport_io.errors import GovReportError, ModelError, ReadError, StrictError


def _raised(exc: BaseException, fmt: str = "text") -> BaseException:
    with pytest.raises(BaseException) as info, api._named_errors("报告.txt", fmt):
        raise exc
    return info.value


def test_nothing_raised_passes_through() -> None:
    with api._named_errors("a.txt"):
        value = 1
    assert value == 1


def test_an_error_of_the_library_gets_the_file_name() -> None:
    cause = ModelError("title must not be empty")
    got = _raised(cause)
    assert isinstance(got, ModelError) and got.source == "报告.txt" and got.detail == "title must not be empty"
    assert got.__cause__ is cause


def test_an_error_naming_its_file_already_passes_unchanged() -> None:
    err = ReadError("bad row", source="other.txt", where="line 3")
    assert _raised(err) is err


def test_a_dependencys_class_name_is_scrubbed_from_a_named_error() -> None:
    err = ReadError("XMLSyntaxError: tag mismatch", source="other.txt")
    got = _raised(err)
    assert isinstance(got, ReadError) and got.detail == "tag mismatch" and got.source == "other.txt"


def test_a_dependencys_failure_becomes_a_read_error_with_its_cause() -> None:
    cause = KeyError("word/document.xml")
    got = _raised(cause, "docx")
    assert isinstance(got, ReadError) and got.source == "报告.txt" and got.__cause__ is cause
    assert "as docx" in got.detail and "KeyError" not in str(got)
    line = ValueError("bad thing")
    line.lineno = 7  # type: ignore[attr-defined]
    assert isinstance(got := _raised(line), ReadError) and got.where == "line 7"
    assert isinstance(_raised(RecursionError()), ReadError)


def test_a_strict_refusal_and_an_interrupt_pass_untouched() -> None:
    strict = StrictError("1 warning(s) under strict=True", source="x.txt")
    assert _raised(strict) is strict
    interrupt = KeyboardInterrupt()
    assert _raised(interrupt) is interrupt
    exit_ = SystemExit(3)
    assert _raised(exit_) is exit_
    assert issubclass(StrictError, GovReportError)


def test_emit_takes_any_iterable_and_levels_each_warning(caplog: pytest.LogCaptureFixture) -> None:
    warnings = [ReaderWarning(WarningCode.FURNITURE, "页脚 removed"), ReaderWarning(WarningCode.UNPLACED, "kept")]
    with caplog.at_level(logging.INFO, logger="govreport_io"):
        log.emit(w for w in warnings)  # a generator: read once
    assert [(r.levelno, r.govreport_warning) for r in caplog.records] == [  # type: ignore[attr-defined]
        (log.level(w), w) for w in warnings]
