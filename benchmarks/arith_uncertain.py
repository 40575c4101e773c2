"""Measure the arithmetic that splits glued numbers over generated reports.

Share of uncertain cells and time per report, for tables glued with no space at all and
with a space at one boundary in three. Run: python benchmarks/arith_uncertain.py [N]
"""

from __future__ import annotations

import sys
import time

from hypothesis import HealthCheck, given, settings

from govreport_io.form.arith import split_runs
from govreport_io.model import Report
from govreport_io.testing import balanced, digit_runs, reports


def measure(n: int) -> None:
    """Print the uncertain share per table and the split time over ``n`` generated reports."""
    seen: list[Report] = []

    @settings(max_examples=n, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(reports())
    def collect(report: Report) -> None:
        seen.append(balanced(report))

    collect()
    for label, spaces in (("no spaces", ()), ("1 space in 3", (False, False, True))):
        cells = {"active": [0, 0], "requests": [0, 0], "reviews": [0, 0]}
        times = []
        kinds: dict[str, int] = {}
        for report in seen:
            start = time.perf_counter()
            r = split_runs(report.form, digit_runs(report, spaces))
            times.append(time.perf_counter() - start)
            for note in r.notes:
                kinds[note.kind] = kinds.get(note.kind, 0) + 1
            unsure = set(r.uncertain)
            for p in r.values:
                t = p.split(".")[0]
                cells[t][0] += 1
                cells[t][1] += p in unsure
        total = sum(c[0] for c in cells.values())
        bad = sum(c[1] for c in cells.values())
        per = ", ".join(f"{t} {u / max(1, c):.1%}" for t, (c, u) in cells.items())
        times.sort()
        print(f"{label}: {len(seen)} reports, uncertain {bad}/{total} = {bad / total:.1%} ({per}); "
              f"time median {times[len(times) // 2] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms; notes {kinds}")


if __name__ == "__main__":
    measure(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
