"""A one-line progress bar on a terminal; silent elsewhere (a log file, a pipe, ``--quiet``)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .batch import FileResult


class Progress:
    """Counts files as they finish and redraws one line on ``stream`` when it is a terminal."""

    def __init__(self, total: int, *, stream: TextIO | None = None, enabled: bool | None = None,
                 label: str = "files") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total, self.label = total, label
        self.done = self.failed = 0
        self.start = self.last = time.monotonic()

    def __call__(self, result: FileResult) -> None:
        """Count one finished file."""
        self.done += 1
        self.failed += 0 if result.ok else 1
        now = time.monotonic()
        # redraw at most ten times a second: a terminal is slower than a batch of small files
        if self.enabled and (now - self.last > 0.1 or self.done == self.total):
            self.last = now
            self.draw(now)

    def draw(self, now: float) -> None:
        """Write the line."""
        width = 24
        filled = int(width * self.done / self.total) if self.total else width
        rate = self.done / max(now - self.start, 1e-9)
        bad = f", {self.failed} failed" if self.failed else ""
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {self.label}"
                          f"{bad}, {rate:.1f}/s ")
        self.stream.flush()

    def close(self) -> None:
        """End the line."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
