"""Filing and changing projects through the services: rights, validation, history."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ledger.models import Project
from ledger.services import project_create, project_update
from tests.conftest import project_facts


def _data(places, **overrides):
    data = project_facts()
    data.update(township=places["baojia"], village=places["baojia_village"], managing_unit=places["village_unit"])
    data.update(overrides)
    return data


def test_township_user_files_a_project(personas, places):
    project = project_create(by=personas["alice"], data=_data(places))
    assert Project.objects.get(number="5002432020000001").created_by == personas["alice"]
    record = project.history.get()
    assert record.history_user == personas["alice"] and record.history_type == "+"


def test_township_user_cannot_file_in_another_township(personas, places):
    data = _data(
        places, township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
    )
    with pytest.raises(ValidationError) as e:
        project_create(by=personas["alice"], data=data)
    assert "只能填报本乡镇" in str(e.value.message_dict["township"])
    assert Project.objects.count() == 0


def test_reviewer_cannot_file(personas, places):
    with pytest.raises(PermissionDenied):
        project_create(by=personas["rita"], data=_data(places))
    assert Project.objects.count() == 0


def test_wrong_class_is_refused_with_a_reason(personas, places):
    with pytest.raises(ValidationError) as e:
        project_create(by=personas["alice"], data=_data(places, proposed_classification="upgrade"))
    assert "两项以上" in e.value.message_dict["proposed_classification"][0]
    assert Project.objects.count() == 0


def test_village_must_lie_in_township(personas, places):
    with pytest.raises(ValidationError) as e:
        project_create(by=personas["carl"], data=_data(places, village=places["hanjia_village"]))
    assert "不属于保家镇" in e.value.message_dict["village"][0]


def test_department_files_only_its_own_projects(personas, places):
    data = _data(places, managing_level="department", managing_unit=places["forestry"])
    with pytest.raises(ValidationError):
        project_create(by=personas["dora"], data=data)
    project_create(by=personas["dora"], data={**data, "managing_unit": places["agri"]})
    assert Project.objects.get().managing_unit == places["agri"]


def test_update_records_who_what_old_and_new(personas, places):
    project = project_create(by=personas["alice"], data=_data(places))
    changed = project_update(
        project=project,
        by=personas["vera"],
        data={
            "production_status": "halted",
            "reason_funds": True,
            "use_state": "idle",
            "proposed_classification": "revitalise",
            "revitalise_support": "申请衔接资金20万元维修设施",
            "fund1_county": Decimal("1.00"),
        },
    )
    assert set(changed) == {
        "production_status",
        "reason_funds",
        "use_state",
        "proposed_classification",
        "revitalise_support",
        "fund1_county",
    }
    latest, first = project.history.all()[:2]
    assert latest.history_user == personas["vera"]
    diff = {c.field: (c.old, c.new) for c in latest.diff_against(first).changes}
    assert diff["production_status"] == ("normal", "halted")
    assert diff["fund1_county"] == (Decimal("50000.25"), Decimal("1.00"))


def test_update_with_no_change_writes_no_history(personas, places):
    project = project_create(by=personas["alice"], data=_data(places))
    assert project_update(project=project, by=personas["alice"], data={"name": project.name}) == []
    assert project.history.count() == 1


def test_refused_update_changes_nothing(personas, places):
    project = project_create(by=personas["alice"], data=_data(places))
    with pytest.raises(ValidationError):
        project_update(project=project, by=personas["alice"], data={"production_status": "halted"})
    project.refresh_from_db()
    assert project.production_status == "normal" and project.history.count() == 1


def test_out_of_scope_update_is_refused(personas, places):
    project = project_create(by=personas["alice"], data=_data(places))
    with pytest.raises(PermissionDenied):
        project_update(project=project, by=personas["bob"], data={"name": "改名"})
    project.refresh_from_db()
    assert project.name != "改名"
