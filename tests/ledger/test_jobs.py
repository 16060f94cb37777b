"""Background jobs (ledger/jobs.py): the forms workbook, the archive package and a large
import's commit, asked for on their pages and run through django-q2's task code (synchronous
in the tests, tests/settings.py), plus one job taken from the ORM broker by django-q2's own
worker."""

import os
import re
import zipfile
from io import BytesIO
from multiprocessing import Value
from queue import Queue

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.models import OrmQ, Success
from django_q.monitor import save_task
from django_q.signing import SignedPackage
from django_q.worker import worker

from ledger import jobs
from ledger.models import Job, JobKind, JobStatus, Project, ProjectDocument
from ledger.models.imports import ImportBatch
from tests.conftest import PASSWORD, run_job
from tests.exports.conftest import open_xlsx
from tests.imports.workbooks import SAMPLE

pytestmark = [pytest.mark.usefixtures("job_media"), pytest.mark.stored_files]  # disk and memory storage (D123)

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def _contract(project, size: int) -> ProjectDocument:
    body = PDF + os.urandom(size)
    return ProjectDocument.objects.create(
        project=project,
        kind="contract",
        original_name="合同.pdf",
        content_type="application/pdf",
        size=len(body),
        file=SimpleUploadedFile("c.pdf", body),
    )


def test_forms_job_writes_the_scopes_workbook_into_its_file(client, personas, make_project, places, job_media):
    own = make_project(name="保家镇的项目")
    make_project(
        township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
    )
    client.login(username="alice", password=PASSWORD)
    job, data = run_job(client, reverse("export_forms"))
    assert job.kind == JobKind.FORMS and job.status == JobStatus.DONE and job.progress == 100
    assert job.requested_by == personas["alice"] and job.message == "1 份申请表"
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at
    assert job.result.name.startswith("jobs/") and default_storage.exists(job.result.name)
    assert job.result_name.startswith("申请表_保家镇_")
    assert open_xlsx(data).sheetnames == [own.number]  # 汉葭街道's project is not in alice's scope


def test_forms_job_keeps_the_township_filter(client, personas, make_project, places):
    make_project()
    hanjia = make_project(
        township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
    )
    client.login(username="carl", password=PASSWORD)
    _, data = run_job(client, reverse("export_forms") + f"?township={places['hanjia'].pk}")
    assert open_xlsx(data).sheetnames == [hanjia.number]


def test_forms_are_no_longer_built_in_a_get(client, personas):
    client.login(username="alice", password=PASSWORD)
    assert client.get(reverse("export_forms")).status_code == 405
    assert not Job.objects.exists()


def test_archive_job_copies_each_contract_into_the_zip(client, personas, make_project):
    project = make_project()
    doc = _contract(project, 3 * 1024 * 1024)
    client.login(username="alice", password=PASSWORD)
    job, data = run_job(client, reverse("archive_package"))
    assert job.status == JobStatus.DONE and job.unit == personas["alice"].unit
    assert job.result_name.startswith("归档资料_保家镇_") and job.result_name.endswith(".zip")
    zf = zipfile.ZipFile(BytesIO(data))
    assert zf.testzip() is None
    contract = f"03_村本级主管和实施项目台账/05_项目协议书或合同书/{project.number}_{project.name}_合同.pdf"
    with doc.file.open("rb") as f:
        assert zf.read(contract) == f.read()
    assert job.message == f"{len(zf.namelist())} 个文件"


def test_the_package_page_offers_the_package_only_to_who_may_ask(client, personas):
    for who, offered in (("alice", True), ("vera", True), ("carl", True), ("olga", False), ("rita", False)):
        client.login(username=who, password=PASSWORD)
        page = client.get(reverse("archive")).content.decode()
        assert ('id="download-archive"' in page) is offered, who


def test_other_county_roles_may_not_ask_for_the_package(client, personas):
    for who in ("olga", "rita"):
        client.login(username=who, password=PASSWORD)
        response = client.post(reverse("archive_package"))
        assert response.status_code == 403
        assert "只有本单位和县乡村振兴局" in response.content.decode()
    assert not Job.objects.exists()


def test_the_bureau_gets_the_countys_package(client, personas, make_project):
    make_project()
    client.login(username="carl", password=PASSWORD)
    job, data = run_job(client, reverse("archive_package"))
    # the bureau's unit stands for its whole county (D113)
    assert job.unit == personas["carl"].unit and job.status == JobStatus.DONE
    assert "00_归档目录.xlsx" in zipfile.ZipFile(BytesIO(data)).namelist()


def test_a_job_asked_by_someone_who_may_not_fails_with_a_chinese_message(personas, places, job_media):
    job = Job.objects.create(kind=JobKind.ARCHIVE, requested_by=personas["vera"], unit=places["hanjia_unit"])
    jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.result
    assert job.error == "只有本单位和县乡村振兴局可以下载本单位的归档资料包。"
    assert not [p for p in job_media.rglob("*") if p.is_file()]


def test_a_finished_job_is_not_run_again(personas, make_project):
    make_project()
    job = jobs.job_request(kind=JobKind.FORMS, by=personas["alice"], result_name="f.xlsx")
    job.refresh_from_db()
    finished, name = job.finished_at, job.result.name
    assert jobs.job_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.finished_at == finished and job.result.name == name


def test_the_job_page_refreshes_itself_while_the_job_runs(client, personas):
    job = Job.objects.create(kind=JobKind.FORMS, requested_by=personas["alice"], progress=40, message="已处理 2/5")
    client.login(username="alice", password=PASSWORD)
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert '<progress id="job-progress" max="100" value="40">' in page and "已处理 2/5" in page
    assert 'id="job-download"' not in page
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None  # no inline script (CSP)


def test_the_job_page_stops_and_offers_the_file_when_done(client, personas, make_project):
    make_project()
    client.login(username="alice", password=PASSWORD)
    job, _ = run_job(client, reverse("export_forms"))
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page and 'id="job-download"' in page
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in download["Content-Disposition"]
    listing = client.get(reverse("job_list")).content.decode()
    assert reverse("job_detail", args=[job.pk]) in listing


def test_a_job_and_its_file_are_the_requesters_only(client, personas, make_project):
    make_project()
    client.login(username="alice", password=PASSWORD)
    job, _ = run_job(client, reverse("archive_package"))
    for who in ("bob", "vera", "carl"):
        client.login(username=who, password=PASSWORD)
        assert client.get(reverse("job_detail", args=[job.pk])).status_code == 404, who
        assert client.get(reverse("job_download", args=[job.pk])).status_code == 404, who
        assert reverse("job_detail", args=[job.pk]) not in client.get(reverse("job_list")).content.decode()


# ---- a large import's commit ------------------------------------------------------------
def _upload(client, data=None):
    client.post(
        reverse("import_upload"),
        {"source": "national", "file": SimpleUploadedFile("sample.xlsx", data or SAMPLE.read_bytes())},
    )
    return ImportBatch.objects.get()


def test_a_large_import_commits_as_a_job(client, personas, monkeypatch):
    monkeypatch.setattr(jobs, "IMPORT_JOB_ROWS", 30)  # the sample's 37 rows count as large
    client.login(username="carl", password=PASSWORD)
    batch = _upload(client)
    response = client.post(reverse("import_commit", args=[batch.pk]))
    job = Job.objects.get(kind=JobKind.IMPORT)
    assert response.url == reverse("job_detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.params == {"batch": batch.pk, "only_good": False}
    assert job.message.startswith("导入完成：新增37个")
    assert Project.objects.count() == 37 and Project.history.filter(history_user=personas["carl"]).count() == 37
    batch.refresh_from_db()
    assert batch.committed
    page = client.get(response.url).content.decode()
    assert "导入完成：新增37个" in page and 'id="job-download"' not in page


def test_a_small_import_still_commits_in_the_request(client, personas):
    client.login(username="carl", password=PASSWORD)
    batch = _upload(client)
    response = client.post(reverse("import_commit", args=[batch.pk]))
    assert response.url == reverse("import_batch", args=[batch.pk])
    assert not Job.objects.exists() and Project.objects.count() == 37


def test_an_import_job_that_is_refused_fails_with_the_refusal(client, personas, monkeypatch):
    monkeypatch.setattr(jobs, "IMPORT_JOB_ROWS", 30)
    client.login(username="carl", password=PASSWORD)
    batch = _upload(client)
    client.post(reverse("import_commit", args=[batch.pk]))
    again = jobs.job_request(kind=JobKind.IMPORT, by=personas["carl"], params={"batch": batch.pk})
    again.refresh_from_db()
    assert again.status == JobStatus.FAILED and "已导入，不能重复导入" in again.error
    assert Project.objects.count() == 37


def test_only_the_bureau_may_ask_for_an_import_job(personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        jobs.job_request(kind=JobKind.IMPORT, by=personas["alice"], params={"batch": 1})
    assert not Job.objects.exists()


def keep_test_connection(monkeypatch) -> None:
    """A worker process closes its stale database connections before and after each task;
    here the worker runs in the test's process, whose connection holds the test's
    transaction (on PostgreSQL closing it ends the test), so that hygiene step is skipped."""
    import django_q.monitor
    import django_q.worker

    monkeypatch.setattr(django_q.worker, "close_old_django_connections", lambda: None)
    monkeypatch.setattr(django_q.monitor, "close_old_django_connections", lambda: None)


# ---- the real worker, the ORM broker ------------------------------------------------------
def test_a_worker_takes_the_job_from_the_orm_broker_and_runs_it(personas, make_project, monkeypatch):
    """What `manage.py qcluster` does with one task, in this process: the pusher's dequeue
    from the database broker, django-q2's worker, the monitor's save."""
    project = make_project()
    monkeypatch.setattr(Conf, "SYNC", False)
    job = jobs.job_request(kind=JobKind.FORMS, by=personas["alice"], result_name="f.xlsx")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and OrmQ.objects.count() == 1
    broker = get_broker()
    assert broker.__class__.__name__ == "ORM"
    (ack_id, payload), *_ = broker.dequeue()
    task = SignedPackage.loads(payload)
    task["ack_id"] = ack_id
    tasks, results = Queue(), Queue()
    tasks.put(task)
    tasks.put("STOP")
    keep_test_connection(monkeypatch)
    worker(tasks, results, Value("f", -1))
    save_task(results.get(), broker)
    broker.acknowledge(ack_id)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert open_xlsx(job.result.read()).sheetnames == [project.number]
    assert Success.objects.get().result == "forms done" and OrmQ.objects.count() == 0


# ---- the real worker, the Redis broker (REDIS_URL) ---------------------------------------
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def test_with_redis_configured_a_worker_takes_the_job_from_redis(personas, make_project, monkeypatch):
    """The deployment that outgrew one machine: REDIS_URL set, the same job through the Redis
    broker and django-q2's worker."""
    if not _redis_reachable():
        pytest.skip(f"no Redis server at {REDIS_TEST_URL}")
    project = make_project()
    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", REDIS_TEST_URL)
    monkeypatch.setattr(Conf, "CLUSTER_NAME", f"pengshui-test-{os.getpid()}")
    broker = get_broker()
    assert broker.__class__.__name__ == "Redis"
    broker.purge_queue()
    job = jobs.job_request(kind=JobKind.FORMS, by=personas["alice"], result_name="f.xlsx")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and not OrmQ.objects.exists() and broker.queue_size() == 1
    (ack_id, payload), *_ = broker.dequeue()
    task = SignedPackage.loads(payload)
    tasks, results = Queue(), Queue()
    tasks.put(task)
    tasks.put("STOP")
    keep_test_connection(monkeypatch)
    worker(tasks, results, Value("f", -1))
    save_task(results.get(), broker)
    broker.acknowledge(ack_id)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert open_xlsx(job.result.read()).sheetnames == [project.number]
    assert broker.queue_size() == 0
    broker.delete_queue()
