"""Stored files through the storage API only (D123), with every stored file in Django's
InMemoryStorage, standing for an object store: a backup copies them out of the storage and
a restore puts them back into an empty one; the manifest of a backup on an object store
lists the files the bucket keeps; a file missing from the storage is a 404, not a 500.
(The uploads, downloads, jobs, archive and survey tests run on it too: `stored_files`.)"""

import hashlib
import io
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.core.management import CommandError, call_command
from django.urls import reverse

from ledger.models import ProjectDocument
from pengshui.backup import referenced_files, restore_archive, row_counts, write_backup
from tests.conftest import MEMORY_STORAGE
from tests.test_backup_restore import flush, manifest_of
from tests.test_url_scope_matrix import worlds  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def memory_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty
    settings.STORAGES = {**settings.STORAGES, "default": MEMORY_STORAGE}
    assert isinstance(storages["default"], InMemoryStorage)
    yield
    assert not (tmp_path / "media").exists()


def checksums() -> dict[str, str]:
    out = {}
    for name, storage in referenced_files().items():
        with storage.open(name, "rb") as f:
            out[name] = hashlib.sha256(f.read()).hexdigest()
    return out


def test_backup_and_restore_through_the_storage(memory_storage, worlds, tmp_path, settings):  # noqa: F811
    before_counts, before_files = row_counts(), checksums()
    assert len(before_files) == 24
    result = write_backup(out_dir=tmp_path / "b")
    assert result.missing == [] and len([f for f in result.manifest["files"] if "sha256" in f]) == 24

    flush()
    settings.STORAGES = {**settings.STORAGES, "default": {**MEMORY_STORAGE}}  # a new, empty storage
    assert not default_storage.exists(next(iter(before_files)))
    restored = restore_archive(archive=result.path)

    assert restored.problems == [] and restored.files == 24
    assert row_counts() == before_counts and checksums() == before_files


def test_restore_refuses_a_storage_that_holds_files(memory_storage, worlds, tmp_path):  # noqa: F811
    result = write_backup(out_dir=tmp_path / "b")
    flush()
    with pytest.raises(CommandError, match="媒体目录不为空"):
        call_command("restore", str(result.path))


def test_on_an_object_store_the_backup_lists_the_files_the_bucket_keeps(
    memory_storage,
    worlds,  # noqa: F811
    tmp_path,
    settings,
):
    settings.BACKUP_FILES = False  # as with STORAGE_S3_BUCKET set
    files = checksums()
    result = write_backup(out_dir=tmp_path / "b")
    manifest = manifest_of(result.path)
    assert sorted(e["name"] for e in manifest["files"]) == sorted(files)
    assert all(e == {"name": e["name"], "in_storage": True} for e in manifest["files"])
    out = io.StringIO()
    call_command("backup", out=str(tmp_path / "c"), stdout=out)
    assert "0 个文件 files; 24 个文件留在对象存储中" in out.getvalue()

    # restored into an empty database, the files still in the bucket: every one is checked there
    flush()
    restored = restore_archive(archive=result.path)
    assert restored.problems == [] and restored.files == 0 and checksums() == files
    # a file gone from the bucket is reported
    flush()
    lost = next(iter(files))
    default_storage.delete(lost)
    restored = restore_archive(archive=result.path)
    assert restored.problems == [f"引用的文件不存在 / referenced file not present: {lost}"]


def test_a_file_missing_from_the_storage_is_404_and_logged(memory_storage, client, personas, make_project, caplog):
    doc = ProjectDocument(
        project=make_project(), kind="contract", content_type="application/pdf", size=9, uploaded_by=personas["alice"]
    )
    doc.file.save("合同.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    client.force_login(personas["alice"])
    response = client.get(reverse("document_download", args=[doc.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4\n"

    default_storage.delete(doc.file.name)
    with caplog.at_level(logging.ERROR, logger="pengshui.middleware"):
        response = client.get(reverse("document_download", args=[doc.pk]))
    assert response.status_code == 404 and "该文件在服务器上缺失" in response.content.decode()
    assert doc.file.name in caplog.text


def test_a_job_file_missing_from_the_storage_offers_no_download(memory_storage, client, personas, job_media):
    from ledger.models import Job, JobKind, JobStatus

    job = Job.objects.create(kind=JobKind.FORMS, requested_by=personas["alice"], status=JobStatus.DONE)
    job.result.save("forms.xlsx", ContentFile(b"PK\x03\x04"))
    client.force_login(personas["alice"])
    assert 'id="job-download"' in client.get(reverse("job_detail", args=[job.pk])).content.decode()
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"PK\x03\x04"
    default_storage.delete(job.result.name)
    assert 'id="job-download"' not in client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404
