"""Writers: one module per format, each turning a Report into bytes in the official layout.

Every writer module has ``write(report, **options) -> bytes``; ``_layout`` gives all of
them the grids of the three tables exactly as the official form merges their cells.
"""

from ._layout import WriteWarning

__all__ = ["WriteWarning"]
