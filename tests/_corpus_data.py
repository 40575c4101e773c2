"""Small corpora for the corpus-mode tests: one organ over consecutive years, in mixed formats."""

from __future__ import annotations

import json
from pathlib import Path

import govreport_io as gr
from govreport_io.model import Report

from .conftest import SAMPLES

FORMATS = ("json", "md", "html", "txt", "docx", "pdf")


def base() -> Report:
    """The project's sample report (青溪县人民政府办公室, 2024)."""
    return gr.read(SAMPLES / "report.json")


def for_year(year: int, *, forward: tuple[int | None, ...] | None = None, in_force: int | None = None,
             organ: str | None = None) -> Report:
    """The sample report moved to ``year``; the title, organ and a few cells changed when asked."""
    # the prose names the statistical period (自2024年1月1日起), which readers trust: move it too
    text = json.dumps(base().to_dict(), ensure_ascii=False).replace("2025", str(year + 1)).replace("2024", str(year))
    r = Report.from_dict(json.loads(text))
    organ = organ or r.organ or ""
    rows = dict(r.requests)
    if forward is not None:
        rows["carried_forward"] = forward
    active = {k: dict(v) for k, v in r.active.items()}
    if in_force is not None:
        active["normative_documents"]["in_force"] = in_force
    return r.replace(year=year, organ=organ, title=f"{organ}{year}年政府信息公开工作年度报告", requests=rows,
                     active=active)


def consistent_years(folder: Path, exts: tuple[str, ...] = ("json", "md", "html")) -> list[Path]:
    """2022, 2023, 2024 of one organ, whose carry-overs and 现行有效 counts agree, in the given formats."""
    r24 = base()
    over24 = r24.requests["carried_over"]
    nd = r24.active["normative_documents"]
    assert isinstance(nd["in_force"], int) and isinstance(nd["issued"], int) and isinstance(nd["repealed"], int)
    in23 = nd["in_force"] - nd["issued"] + nd["repealed"]
    in22 = in23 - nd["issued"] + nd["repealed"]
    reports = [for_year(2022, forward=over24, in_force=in22), for_year(2023, forward=over24, in_force=in23), r24]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for report, ext in zip(reports, exts):
        path = folder / f"{report.year}.{ext}"
        gr.write(report, path)
        paths.append(path)
    return paths


def mixed(folder: Path, n: int = len(FORMATS)) -> list[Path]:
    """The sample report in ``n`` formats, years 2021 onwards, in a folder with a subfolder."""
    paths = []
    for i, ext in enumerate(FORMATS[:n]):
        sub = folder / ("sub" if i % 2 else "")
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"r{i}.{ext}"
        gr.write(for_year(2021 + i), path)
        paths.append(path)
    return paths
