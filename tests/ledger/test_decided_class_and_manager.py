"""The class in force changes only by a decision, who manages a project only by the
bureau: a unit's edit form and project_update refuse both and change nothing."""

import io

import pytest
from django.core.exceptions import ValidationError

from ledger.exports.ledger_xlsx import NOTES as LEDGER_NOTES
from ledger.exports.ledger_xlsx import write_ledger
from ledger.models import Project
from ledger.services import DECIDED_REFUSAL, MANAGER_REFUSAL, project_take_effect, project_update
from tests.exports.conftest import open_xlsx, row_values
from tests.ledger.test_project_form_view import form_data

CLASS_COLUMN = 5  # 四个一批分类 in 附件5 (1-based)


@pytest.fixture
def decided(make_project, places):
    """alice's township-level project whose 巩固 decision has taken effect."""
    return make_project(
        number="5002432021000777",
        managing_level="township",
        managing_unit=places["baojia_unit"],
        classification="consolidate",
        measures="完善利益联结机制",
    )


def _edit(client, project, places, **overrides):
    return client.post(f"/projects/{project.pk}/edit/", form_data(places, number=project.number, **overrides))


def _ledger_class(project) -> str:
    out = io.BytesIO()
    write_ledger(out, Project.objects.filter(pk=project.pk), unit_name="保家镇")
    return row_values(open_xlsx(out.getvalue()).active, 5)[CLASS_COLUMN - 1]


def test_township_posting_a_class_change_on_an_approved_project_is_refused(client, personas, places, decided):
    client.force_login(personas["alice"])
    response = _edit(client, decided, places, classification="upgrade", measures="改为提升")
    assert response.status_code == 200
    assert "已生效的分类只能通过新一轮分类申请变更" in response.content.decode()
    decided.refresh_from_db()
    assert (decided.classification, decided.measures) == ("consolidate", "完善利益联结机制")
    assert decided.history.count() == 1
    assert _ledger_class(decided) == "巩固"


def test_a_blank_class_is_refused_too(client, personas, places, decided):
    client.force_login(personas["alice"])
    response = _edit(client, decided, places, classification="")
    assert "已生效的分类只能通过新一轮分类申请变更" in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        project_update(project=decided, by=personas["alice"], data={"classification": ""})
    assert refused.value.message_dict["proposed_classification"] == [DECIDED_REFUSAL]
    decided.refresh_from_db()
    assert decided.classification == "consolidate"


def test_the_form_changes_the_proposed_class_only(client, personas, places, decided):
    client.force_login(personas["alice"])
    data = {
        "production_status": "difficulty",
        "production_reasons": ["reason_price"],
        "upgrade_defects": ["upgrade_chain_gap", "upgrade_weak_technology"],
        "proposed_classification": "upgrade",
        "proposed_measures": "补链",
    }
    assert _edit(client, decided, places, **data).status_code == 302
    decided.refresh_from_db()
    assert (decided.classification, decided.proposed_classification) == ("consolidate", "upgrade")
    assert _ledger_class(decided) == "巩固"
    page = client.get(f"/projects/{decided.pk}/").content.decode()
    assert "已生效的分类：</strong>巩固" in page and "拟认定类别：</strong>提升" in page


def test_a_decision_taking_effect_sets_the_class_in_force(personas, make_project):
    project = make_project(classification="", measures="", proposed_classification="consolidate")
    assert _ledger_class(project) == "（拟）巩固"
    assert "标注“（拟）”的为单位拟认定的类别" in LEDGER_NOTES[-1]
    project_take_effect(project=project, classification="consolidate", measures="完善", by=None, reason="公示期满")
    project.refresh_from_db()
    assert (project.classification, project.measures, project.proposed_measures) == ("consolidate", "完善", "完善")
    assert _ledger_class(project) == "巩固"


def test_a_township_changing_the_managing_unit_is_refused(client, personas, places, make_project):
    project = make_project(managing_level="department", managing_unit=places["agri"])
    client.force_login(personas["alice"])
    edit = f"/projects/{project.pk}/edit/"
    data = form_data(places, number=project.number, managing_level="township", managing_unit=places["baojia_unit"].pk)
    response = client.post(edit, data)
    assert response.status_code == 200
    assert "主管层级和主管单位只能由县乡村振兴局" in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        project_update(
            project=project,
            by=personas["alice"],
            data={"managing_level": "township", "managing_unit": places["baojia_unit"]},
        )
    assert MANAGER_REFUSAL in str(refused.value)
    project.refresh_from_db()
    assert (project.managing_level, project.managing_unit) == ("department", places["agri"])


def test_the_edit_form_shows_the_manager_but_does_not_offer_it(client, personas, places, decided):
    client.force_login(personas["alice"])
    form = client.get(f"/projects/{decided.pk}/edit/").context["form"]
    assert form.fields["managing_unit"].disabled and form.fields["managing_level"].disabled
