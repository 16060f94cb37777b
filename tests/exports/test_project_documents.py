import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger.models import ProjectDocument
from tests.conftest import PASSWORD

pytestmark = pytest.mark.stored_files  # on disk and on an in-memory storage (D123)

PDF = b"%PDF-1.4\n%test document\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, project, data: bytes, name="合同.pdf"):
    return client.post(
        reverse("project_documents", args=[project.pk]),
        {"kind": "contract", "file": SimpleUploadedFile(name, data)},
    )


def test_township_uploads_a_pdf_and_downloads_it(client, personas, make_project):
    p = make_project()
    client.login(username="alice", password=PASSWORD)
    assert upload(client, p, PDF).status_code == 302
    doc = ProjectDocument.objects.get()
    assert (doc.project, doc.kind, doc.content_type, doc.uploaded_by.username) == (
        p,
        "contract",
        "application/pdf",
        "alice",
    )
    r = client.get(reverse("document_download", args=[doc.pk]))
    assert r["Content-Type"] == "application/pdf" and b"".join(r.streaming_content) == PDF


def test_png_accepted_and_content_not_name_decides(client, personas, make_project):
    p = make_project()
    client.login(username="alice", password=PASSWORD)
    assert upload(client, p, PNG, name="scan.pdf").status_code == 302
    assert ProjectDocument.objects.get().content_type == "image/png"


def test_other_content_is_refused(client, personas, make_project):
    p = make_project()
    client.login(username="alice", password=PASSWORD)
    r = upload(client, p, b"MZ\x90\x00 not a pdf", name="contract.pdf")
    assert r.status_code == 200 and "只能上传 PDF、JPG 或 PNG" in r.content.decode()
    assert not ProjectDocument.objects.exists()


def test_size_limit(client, personas, make_project, settings):
    settings.UPLOAD_MAX_MB = 0
    p = make_project()
    client.login(username="alice", password=PASSWORD)
    r = upload(client, p, PDF)
    assert "文件过大：不能超过 0 MB" in r.content.decode() and not ProjectDocument.objects.exists()


def test_outside_scope_is_404_and_read_only_is_403(client, personas, make_project):
    p = make_project()
    client.login(username="alice", password=PASSWORD)
    upload(client, p, PDF)
    doc = ProjectDocument.objects.get()
    client.login(username="bob", password=PASSWORD)
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 404
    assert upload(client, p, PDF).status_code == 404
    client.login(username="rita", password=PASSWORD)
    assert client.get(reverse("document_download", args=[doc.pk])).status_code == 200
    assert upload(client, p, PDF).status_code == 403
    assert ProjectDocument.objects.count() == 1
