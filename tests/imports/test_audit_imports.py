"""An import's upload and its commit each leave one event in the audit trail, with who,
when and from which address (the view's request), and what the commit did."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ledger.models import AuditAction, AuditEvent, Project
from ledger.models.imports import ImportBatch
from tests.imports.test_engine import HEAD, row
from tests.imports.workbooks import xlsx


def test_upload_and_commit_are_recorded(client, personas):
    client.force_login(personas["carl"])
    data = xlsx([HEAD, row("500243202100000001"), row("500243202100000002")])
    before = timezone.now()
    response = client.post(
        reverse("import_upload"),
        {"source": "national", "file": SimpleUploadedFile("国家系统导出.xlsx", data)},
        REMOTE_ADDR="10.4.0.1",
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    [upload] = AuditEvent.objects.filter(action=AuditAction.IMPORT_UPLOAD)
    assert (upload.user, upload.ip, upload.object_type, upload.object_id) == (
        personas["carl"],
        "10.4.0.1",
        "ledger.importbatch",
        str(batch.pk),
    )
    assert upload.detail["file"] == "国家系统导出.xlsx" and upload.detail["size"] == len(data)
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT_COMMIT).exists()

    response = client.post(reverse("import_commit", args=[batch.pk]), REMOTE_ADDR="10.4.0.2")
    assert response.status_code == 302 and Project.objects.count() == 2
    [commit] = AuditEvent.objects.filter(action=AuditAction.IMPORT_COMMIT)
    assert (commit.user, commit.ip, commit.object_id) == (personas["carl"], "10.4.0.2", str(batch.pk))
    assert commit.detail["counts"]["add"] == 2 and before <= commit.at <= timezone.now()
    # a second commit is refused and records nothing
    client.post(reverse("import_commit", args=[batch.pk]))
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT_COMMIT).count() == 1
