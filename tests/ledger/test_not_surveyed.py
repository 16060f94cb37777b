"""A project created by an import or a push and not surveyed yet (Project.surveyed): blank
in the ledger, in no status or rate on any page or export, and not built into the ledger
(二十二 item 1) until its unit records the survey on the form."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ledger.choices import DivisionLevel
from ledger.exports.ledger_xlsx import NOTES as LEDGER_NOTES
from ledger.exports.ledger_xlsx import write_ledger
from ledger.exports.statistics import NOTES, reconciliation_line, statistics_rows, write_statistics
from ledger.models import Project
from ledger.services import project_update
from ledger.weekly.figures import unit_figures
from tests.exports.conftest import open_xlsx, row_values

BLANK = {"functional_state": "", "use_state": "", "production_status": "", "linkage": ""}
STATUS_COLUMNS = slice(18, 24)  # 功能现状 … 未充分发挥联农带农作用原因 of 附件5 (0-based)


@pytest.fixture
def unsurveyed(make_project):
    return make_project(classification="", measures="", proposed_classification="", **BLANK)


@pytest.fixture
def halted(make_project):
    return make_project(production_status="halted", use_state="idle", reason_funds=True, classification="")


def test_an_unsurveyed_project_is_blank_in_the_ledger(unsurveyed):
    assert not unsurveyed.surveyed
    out = io.BytesIO()
    write_ledger(out, Project.objects.all(), unit_name="保家镇")
    ws = open_xlsx(out.getvalue()).active
    row = row_values(ws, 5)
    assert row[STATUS_COLUMNS] == [None] * 6
    assert row[4] is None  # no class in force, none proposed
    assert "为尚未实地调研的项目" in LEDGER_NOTES[-1]


def test_an_unsurveyed_project_counts_in_no_weekly_rate(places, unsurveyed, halted):
    figures = unit_figures(places["baojia_unit"], date(2025, 6, 2))
    assert (figures["total"], figures["surveyed"], figures["unsurveyed"]) == (2, 1, 1)
    assert figures["halted_rate"] == "100.00"  # 1 halted of 1 surveyed
    assert figures["difficulty"] == figures["linkage_failure"] == 0
    assert figures["complete"] == 0  # item 1: not built into the ledger


def test_an_unsurveyed_project_counts_in_no_status_of_the_statistics(places, unsurveyed, halted, make_project):
    make_project(classification="", proposed_classification="consolidate")
    _rows, total = statistics_rows(Project.objects.all(), group_by=DivisionLevel.TOWNSHIP)
    assert total.counts[0] == 3  # 项目数
    assert sum(total.counts[1:5]) == 0  # no class in force
    assert (total.unclassified, total.proposed, total.unsurveyed) == (3, 1, 1)
    line = reconciliation_line(total)
    assert line == "合计项目数中，尚无生效分类的项目3个（其中已拟认定1个、未拟定2个）；尚未实地调研的项目1个。"
    out = io.BytesIO()
    write_statistics(out, Project.objects.all(), unit_name="彭水自治县")
    ws = open_xlsx(out.getvalue()).active
    texts = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert line in texts and "填表说明：" in texts and NOTES[0] in texts
    assert ws.max_column == 32  # the official columns stay as they are


def test_home_page_counts_it_in_no_status(client, personas, unsurveyed, halted):
    client.force_login(personas["alice"])
    response = client.get("/")
    assert response.context["counts"]["unsurveyed"] == 1
    assert {label: n for label, _, n in response.context["by_status"]}["尚未调研"] == 1
    assert sum(n for _, value, n in response.context["by_status"] if value) == 1


def test_the_unit_must_record_the_survey_to_save(personas, unsurveyed):
    with pytest.raises(ValidationError) as refused:
        project_update(project=unsurveyed, by=personas["alice"], data={"responsible_phone": "13800000000"})
    assert "请填写实地调研结果：生产经营" in str(refused.value)
    project_update(
        project=unsurveyed,
        by=personas["alice"],
        data={"functional_state": "normal", "use_state": "in_use", "production_status": "normal", "linkage": "full"},
    )
    unsurveyed.refresh_from_db()
    assert unsurveyed.surveyed


def test_the_form_shows_the_survey_facts_empty(client, personas, unsurveyed):
    client.force_login(personas["alice"])
    form = client.get(f"/projects/{unsurveyed.pk}/edit/").context["form"]
    assert form["production_status"].value() == "" and form.fields["production_status"].required
