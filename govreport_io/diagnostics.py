"""Typed, non-fatal diagnostics: reader warnings.

Warnings never stop a read; they are returned beside the Report (see
:func:`govreport_io.read_document`). Each has a code from a closed set, a message
and the source position it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from .blocks import SourcePos


class WarningCode(str, Enum):
    """The closed set of reader warnings."""

    UNPLACED = "unplaced"  # content kept in Report.unplaced
    CELL_UNREADABLE = "cell-unreadable"  # a value cell that is not a number
    ROW_MISSING = "row-missing"  # a row of the form not found
    ROW_INCOMPLETE = "row-incomplete"  # a row with fewer values than the form has
    TABLE_MISSING = "table-missing"  # a whole table not found
    SECTION_MISSING = "section-missing"  # one of the six sections not found
    CELL_NOTE = "cell-note"  # a note beside a number, kept in unplaced
    FURNITURE = "furniture"  # page numbers or running heads removed
    ENCODING = "encoding"  # the encoding was guessed
    FORM_GUESSED = "form-guessed"  # 2019/2021 form decided without clear evidence
    SPLIT_AMBIGUOUS = "split-ambiguous"  # glued digits: several splits fit; cells listed as uncertain
    SPLIT_NO_FIT = "split-no-fit"  # glued digits: no split fits; raw run kept, cells uncertain
    CHARACTERS = "characters"  # control characters, separators, surrogates or noncharacters normalised
    UNKNOWN_KEY = "unknown-key"  # a key the JSON contract does not have, ignored


Severity = Literal["warning", "info"]

# Codes that tell what the reader did rather than what may be wrong: shown only on request (-v).
INFO_CODES: frozenset[WarningCode] = frozenset({WarningCode.FURNITURE})


@dataclass(frozen=True, slots=True)
class ReaderWarning:
    """One warning about the input, with where it applies."""

    code: WarningCode
    message: str
    pos: SourcePos = field(default_factory=SourcePos)
    source: str | None = None

    @property
    def severity(self) -> Severity:
        """The severity: "info" for what the reader did as expected (page furniture removed), else "warning"."""
        return "info" if self.code in INFO_CODES else "warning"

    def __str__(self) -> str:
        place = self.pos.describe()
        head = ": ".join(p for p in (self.source, place) if p)
        return f"{head}: {self.code.value}: {self.message}" if head else f"{self.code.value}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "code": self.code.value,
            "severity": self.severity,
            "message": self.message,
            "source": self.source,
            "where": self.pos.describe() or None,
            # the same place as numbers (1-based; None when unknown), for programs
            "page": self.pos.page, "line": self.pos.line, "table": self.pos.table,
            "row": self.pos.row, "column": self.pos.cell,
        }
