"""A user who acted is deactivated, never deleted: every record keeps who did it."""

import datetime as dt

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from approvals import services
from approvals.models import Application, Meeting, Notice, Objection, Opinion, Transition
from ledger.models import Project, User
from ledger.services import project_update


@pytest.fixture
def acted(approved, level_project, personas):
    """alice (保家镇) edits a project, files its application, signs its opinion, holds the
    party meeting and posts the notice, with an objection recorded."""
    project = level_project("township")
    project_update(
        project=project, by=personas["alice"], data={"proposed_measures": "完善合同管理"}, reason="按调研更新"
    )
    app = approved(project)
    notice = services.notice_post(
        by=personas["alice"], applications=[app], posted_on=dt.date(2025, 9, 30), contact="电话 023-78441234"
    )
    services.objection_record(
        by=personas["alice"],
        notice=notice,
        application=app,
        received_on=dt.date(2025, 10, 8),
        submitter="村民甲",
        text="收益分配不公",
    )
    return app


def _traces(alice):
    return {
        "transitions": Transition.objects.filter(by=alice).count(),
        "opinions": Opinion.objects.filter(user=alice).count(),
        "applications": Application.objects.filter(created_by=alice).count(),
        "meetings": Meeting.objects.filter(created_by=alice).count(),
        "notices": Notice.objects.filter(created_by=alice).count(),
        "objections": Objection.objects.filter(recorded_by=alice).count(),
        "project_history": Project.history.filter(history_user=alice).count(),
        "application_history": Application.history.filter(history_user=alice).count(),
    }


def test_deleting_a_user_who_acted_is_refused_and_every_row_keeps_them(acted, personas):
    alice = personas["alice"]
    before = _traces(alice)
    assert all(before.values()), before
    with pytest.raises(ProtectedError):
        alice.delete()
    assert User.objects.filter(pk=alice.pk).exists()
    assert _traces(alice) == before


def test_the_admin_refuses_the_delete_and_suggests_deactivation(acted, personas, client):
    alice = personas["alice"]
    before = _traces(alice)
    client.force_login(personas["admin"])
    url = reverse("admin:ledger_user_delete", args=[alice.pk])
    for response in (client.get(url, follow=True), client.post(url, {"post": "yes"}, follow=True)):
        page = response.content.decode()
        assert response.redirect_chain[-1][0] == reverse("admin:ledger_user_change", args=[alice.pk])
        assert "不能删除" in page and "停用" in page and "办理记录" in page
    assert User.objects.filter(pk=alice.pk).exists() and _traces(alice) == before


def test_the_admin_deactivates_instead_and_offers_no_bulk_delete(acted, personas, client):
    alice = personas["alice"]
    client.force_login(personas["admin"])
    changelist = reverse("admin:ledger_user_changelist")
    page = client.get(changelist).content.decode()
    assert 'value="deactivate"' in page and 'value="delete_selected"' not in page
    response = client.post(changelist, {"action": "deactivate", "_selected_action": [alice.pk]}, follow=True)
    assert "已停用 1 个用户" in response.content.decode()
    alice.refresh_from_db()
    assert not alice.is_active and _traces(alice)["transitions"] > 0
    assert not client.login(username="alice", password="Test-pass-2026")


def test_a_user_who_never_acted_may_still_be_deleted(personas, client):
    idle = User.objects.create_user("idle")
    client.force_login(personas["admin"])
    response = client.post(reverse("admin:ledger_user_delete", args=[idle.pk]), {"post": "yes"})
    assert response.status_code == 302 and not User.objects.filter(pk=idle.pk).exists()


def test_the_refusal_names_the_records_in_chinese(acted, personas):
    from ledger.admin import user_delete_refusal

    text = user_delete_refusal(personas["alice"])
    assert "办理记录" in text and "审核意见" in text and "项目修改记录" in text and "停用" in text
    assert "historical" not in text
