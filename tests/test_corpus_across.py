"""Checks across reports (X1–X3) and against the prose (X4); organ names matched in full and short forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport_io.errors import ReadError
from govreport_io.form.across import OrganNames, Snapshot, check_across, check_prose, snapshot
from govreport_io.model import Block, Report, Section

from ._corpus_data import base, for_year

FORWARD = (5, 1, 0, 0, 0, 0, 6)


def _with_over(report: Report, over: tuple[int | None, ...]) -> Report:
    return report.replace(requests={**report.requests, "carried_over": over})


def test_x1_compares_each_column_and_names_both_reports_and_cells() -> None:
    a = for_year(2022, forward=FORWARD)
    b = _with_over(for_year(2023), (5, 2, 0, 0, 0, None, 7))
    found = check_across([("a.pdf", a), ("b.docx", b)])
    x1 = [f for f in found if f.rule == "X1"]
    assert [(f.column, f.values["carried_forward"], f.values["carried_over"]) for f in x1] == [
        ("commercial", 1, 2), ("total", 6, 7)]  # other_org is blank in b: not checked
    f = x1[0]
    assert f.level == "error" and f.table == "三" and "a.pdf (2022)" in f.message and "b.docx (2023)" in f.message
    assert f.where == ("a.pdf: requests.carried_forward.commercial", "b.docx: requests.carried_over.commercial")


def test_x1_holds_quietly_and_skips_years_that_are_not_consecutive() -> None:
    a = for_year(2021, forward=FORWARD)
    assert not [f for f in check_across([("a", a), ("b", _with_over(for_year(2022), FORWARD))]) if f.rule == "X1"]
    assert not check_across([("a", a), ("c", _with_over(for_year(2023), (0,) * 7))])


def test_x2_in_force_carried_with_issued_and_repealed() -> None:
    b = for_year(2023)
    nd = b.active["normative_documents"]
    assert isinstance(nd["in_force"], int) and isinstance(nd["issued"], int) and isinstance(nd["repealed"], int)
    good = nd["in_force"] - nd["issued"] + nd["repealed"]
    assert not [f for f in check_across([("a", for_year(2022, in_force=good)), ("b", b)]) if f.rule == "X2"]
    x2 = [f for f in check_across([("a", for_year(2022, in_force=good + 3)), ("b", b)]) if f.rule == "X2"]
    assert len(x2) == 1 and x2[0].level == "info" and x2[0].row == "normative_documents"
    assert "a: active.normative_documents.in_force" in x2[0].where
    assert "b: active.normative_documents.issued" in x2[0].where


def test_x3_on_the_2019_form() -> None:
    def r19(year: int, previous: int, change: int) -> Report:
        return Report(form="2019", organ="某县政府办", year=year,
                      active={"licensing": {"previous": previous, "change": change, "decisions": 1}})
    assert not [f for f in check_across([("a", r19(2019, 10, 2)), ("b", r19(2020, 12, 0))]) if f.rule == "X3"]
    x3 = [f for f in check_across([("a", r19(2019, 10, 2)), ("b", r19(2020, 15, 0))]) if f.rule == "X3"]
    assert len(x3) == 1 and x3[0].row == "licensing" and x3[0].values["next_previous"] == 15


def test_organ_names_match_full_and_short_forms() -> None:
    names = OrganNames()
    assert names.key("上海市科委") == names.key("上海市科学技术委员会")
    assert names.key("殷都区人民政府办公室") == names.key("殷都区政府办") == names.key("殷都区 政府办公室")
    assert names.key("上海市发展和改革委员会") == names.key("上海市发改委")
    assert names.key("上海市科委") != names.key("北京市科委")
    a = for_year(2022, forward=FORWARD, organ="上海市科学技术委员会")
    b = _with_over(for_year(2023, organ="上海市科委"), (0,) * 7)
    assert [f for f in check_across([("a", a), ("b", b)]) if f.rule == "X1"]


def test_a_user_mapping_file_overrides(tmp_path: Path) -> None:
    lines = tmp_path / "organs.txt"
    lines.write_text("# old name = new name\n青溪县政府办 = 青溪县人民政府办公室\n青溪县府办\t青溪县人民政府办公室\n",
                     encoding="utf-8")
    names = OrganNames.load(str(lines))
    assert names.key("青溪县府办") == names.key("青溪县人民政府办公室")
    js = tmp_path / "organs.json"
    js.write_text('{"县科技局": "县科学技术局"}', encoding="utf-8")
    assert OrganNames.load(str(js)).key("县科技局") == OrganNames().key("县科学技术局")
    bad = tmp_path / "bad.txt"
    bad.write_text("no separator here\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"bad.txt: line 1"):
        OrganNames.load(str(bad))


def test_the_organ_can_come_from_the_publisher_field() -> None:
    r = base().replace(organ=None, fields=(("发布机构", "青溪县人民政府办公室"),))
    assert snapshot(r, "x").organ == "青溪县人民政府办公室"
    assert Snapshot.from_dict(snapshot(r, "x").to_dict()) == snapshot(r, "x")


def _prose(report: Report, text: str) -> Report:
    first = report.sections[0]
    return report.replace(sections=(Section(1, first.title, (Block("paragraph", text),)), *report.sections[1:]))


def test_x4_prose_counts_against_the_tables() -> None:
    r = base()
    received = r.requests["new_received"][6]
    over = r.requests["carried_over"][6]
    review = r.reviews["review"]["total"]
    assert isinstance(received, int) and isinstance(over, int) and isinstance(review, int)
    fine = _prose(r, f"全年共收到政府信息公开申请{received}件，上年结转{over}件。")
    assert check_prose(fine, "a.pdf") == []
    also_fine = _prose(r, f"共受理政府信息公开申请{received + over}件（含上年结转）。")  # counted with 上年结转
    assert check_prose(also_fine, "a.pdf") == []
    wrong = _prose(r, f"全年共收到政府信息公开申请{received + 50}件，发生行政复议{review + 2}起。")
    found = check_prose(wrong, "a.pdf")
    assert [(f.rule, f.row, f.values["prose"], f.values["table"]) for f in found] == [
        ("X4", "new_received", received + 50, received), ("X4", "review", review + 2, review)]
    assert found[0].where[0].startswith("a.pdf: section 一, paragraph 1: “") and found[0].level == "info"
    assert found[0].where[1] == "a.pdf: requests.new_received.total"


def test_x4_reads_chinese_numerals_and_leaves_parts_alone() -> None:
    r = base()
    r = r.replace(reviews={**r.reviews, "review": {"upheld": 1, "corrected": 0, "other": 1, "pending": 0,
                                                    "total": 2}})
    assert check_prose(_prose(r, "被申请行政复议两件，均已审结。"), "x") == []
    assert [f.values["prose"] for f in check_prose(_prose(r, "被申请行政复议三件。"), "x")] == [3]
    assert check_prose(_prose(r, "行政复议结果维持1件。"), "x") == []  # a part, not the total


def test_x4_granted_or_partly_granted_is_their_sum() -> None:
    r = base()
    g, p = r.requests["granted"][6], r.requests["partly_granted"][6]
    assert isinstance(g, int) and isinstance(p, int)
    assert check_prose(_prose(r, f"同意公开或部分公开的{g + p}件、不予公开0件。"), "x") == []
    found = check_prose(_prose(r, f"予以公开或部分公开{g + p + 1}件。"), "x")
    assert [(f.values["claim"], f.values["table"]) for f in found] == [("granted_or_partly", g + p)]
