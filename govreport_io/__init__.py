"""govreport_io: read, write, convert and check 政府信息公开工作年度报告.

    >>> import govreport_io as gr
    >>> report = gr.read("report.pdf")           # any format, guessed
    >>> gr.write(report, "report.docx")          # the official form in Word
    >>> gr.validate(report)                      # 勾稽关系 findings
"""

from .api import ReadResult, convert, list_formats, read, read_blocks, read_document, validate, write
from .blank import blank_report
from .diagnostics import ReaderWarning, WarningCode
from .errors import (
    BudgetError,
    FormatError,
    GovReportError,
    ModelError,
    NoReportError,
    OptionError,
    ReadError,
    StrictError,
    UnsafeInputError,
    WriteError,
)
from .form.validate import Finding
from .model import SCHEMA, Block, Report, Section, Unplaced
from .writers import WriteWarning

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Block",
    "BudgetError",
    "Finding",
    "FormatError",
    "GovReportError",
    "ModelError",
    "NoReportError",
    "OptionError",
    "ReadError",
    "ReadResult",
    "ReaderWarning",
    "Report",
    "Section",
    "StrictError",
    "Unplaced",
    "UnsafeInputError",
    "WarningCode",
    "WriteError",
    "WriteWarning",
    "__version__",
    "blank_report",
    "convert",
    "list_formats",
    "read",
    "read_blocks",
    "read_document",
    "validate",
    "write",
]
