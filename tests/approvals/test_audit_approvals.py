"""Every approval action is recorded in the audit trail where the status is written (the
services' `move`): who, from which address, which application, from which state to which;
and a stored file served (a seal scan) is a download in the trail."""

from django.core.files.uploadedfile import SimpleUploadedFile

from approvals import services
from approvals.choices import Status
from ledger.models import AuditAction, AuditEvent
from tests.approvals.conftest import PNG, file_app


def test_an_approval_action_and_a_file_download_are_recorded(as_user, level_project, personas):
    app = services.application_create(by=personas["alice"], project=level_project("township"))
    file_app(by=personas["alice"], application=app)
    created, filed = AuditEvent.objects.filter(action=AuditAction.APPROVAL).order_by("pk")
    assert created.detail["action"] == "create" and filed.detail["action"] == "file"
    assert filed.user == personas["alice"] and filed.ip is None  # no request: a service call
    assert (filed.detail["from"], filed.detail["to"]) == (Status.PREPARING, Status.VILLAGE)

    c = as_user(personas["vera"])
    agree = {"text": "同意", "seal": SimpleUploadedFile("s.png", PNG)}
    response = c.post(f"/approvals/{app.pk}/agree/", agree, REMOTE_ADDR="10.5.0.1")
    assert response.status_code == 302
    app.refresh_from_db()
    agreed = AuditEvent.objects.filter(action=AuditAction.APPROVAL).order_by("pk").last()
    assert AuditEvent.objects.filter(action=AuditAction.APPROVAL).count() == 3
    assert agreed.detail["action"] == "agree"
    assert (agreed.user, agreed.ip, agreed.object_type, agreed.object_id) == (
        personas["vera"],
        "10.5.0.1",
        "approvals.application",
        str(app.pk),
    )
    assert (agreed.detail["from"], agreed.detail["to"]) == (Status.VILLAGE, Status.TOWNSHIP)
    assert app.status == Status.TOWNSHIP

    seal = app.opinions.get()
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()
    response = c.get(f"/approvals/files/seal/{seal.pk}/", REMOTE_ADDR="10.5.0.2")
    assert response.status_code == 200
    [download] = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD)
    assert (download.user, download.ip, download.object_type, download.object_id) == (
        personas["vera"],
        "10.5.0.2",
        "approvals:file_download",
        str(seal.pk),
    )
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
