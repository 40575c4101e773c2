"""Optional dependencies, imported on use, with the extra to install named when one is missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import GovReportError


class MissingExtraError(GovReportError, ImportError):
    """An optional dependency is not installed; the message names the extra that brings it."""


def require(module: str, extra: str, what: str) -> ModuleType:
    """Import ``module`` or raise MissingExtraError naming ``pip install govreport_io[extra]``."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(f"{what} needs {module.split('.')[0]}: pip install govreport_io[{extra}]") from None
