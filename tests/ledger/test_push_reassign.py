"""The bureau's reassignment on the push page (ledger.imports.push.push_reassign): the
only way who manages a project changes, never while an application is open."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from ledger.imports.push import push_reassign
from ledger.models.imports import ProjectPush


@pytest.fixture
def pushed(make_project, places):
    project = make_project(managing_level="township", managing_unit=places["baojia_unit"], village=None)
    return ProjectPush.objects.create(project=project, unit=places["baojia_unit"])


def test_the_bureau_hands_a_project_to_a_department(personas, places, pushed):
    assert push_reassign(pushes=[pushed.pk], unit=places["agri"], by=personas["carl"]) == 1
    pushed.project.refresh_from_db()
    assert (pushed.project.managing_level, pushed.project.managing_unit) == ("department", places["agri"])


def test_reassignment_refused_while_an_application_is_open(personas, places, pushed):
    services.application_create(by=personas["alice"], project=pushed.project)
    with pytest.raises(ValidationError) as refused:
        push_reassign(pushes=[pushed.pk], unit=places["agri"], by=personas["carl"])
    assert "有正在办理的分类申请" in str(refused.value) and "办结或撤回后" in str(refused.value)
    pushed.project.refresh_from_db()
    pushed.refresh_from_db()
    assert pushed.project.managing_unit == places["baojia_unit"] and pushed.unit == places["baojia_unit"]


def test_only_the_bureau_reassigns(personas, places, pushed):
    with pytest.raises(PermissionDenied):
        push_reassign(pushes=[pushed.pk], unit=places["agri"], by=personas["alice"])
