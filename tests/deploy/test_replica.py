"""The read replica (D121): inside reading_from_replica() (the exports, the reports, the
export jobs) reads go to the `replica` alias, writes still to `default`; elsewhere, and
without a replica, everything uses `default`. In the tests `replica` is a mirror of the
test database on its own connection (tests/settings.py), so which alias each query used is
seen by capturing each connection's queries."""

from typing import Any

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledger import jobs
from ledger.models import Job, JobKind, JobStatus, Notification, NotificationKind, Project
from ledger.replica import reading_from_replica

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica_on(settings, job_media):
    """As with DATABASE_REPLICA_URL set (pengshui/settings.py)."""
    settings.READ_REPLICA = "replica"


class Queries:
    """The SQL each connection ran inside the block."""

    def __enter__(self) -> "Queries":
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections["replica"]).__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    @staticmethod
    def _on(captured: CaptureQueriesContext, table: str, verb: str) -> list[str]:
        return [q["sql"] for q in captured.captured_queries if table in q["sql"] and q["sql"].startswith(verb)]

    def reads(self, table: str) -> tuple[int, int]:
        """(reads of `table` on default, on the replica)."""
        return len(self._on(self.primary, table, "SELECT")), len(self._on(self.replica, table, "SELECT"))

    def writes(self, table: str) -> tuple[int, int]:
        verbs = ("INSERT", "UPDATE", "DELETE")
        return (
            sum(len(self._on(self.primary, table, v)) for v in verbs),
            sum(len(self._on(self.replica, table, v)) for v in verbs),
        )


def test_the_ledger_export_reads_the_projects_from_the_replica(client, personas, make_project, replica_on):
    make_project(name="读副本的项目")
    client.force_login(personas["carl"])
    with Queries() as q:
        response = client.get(reverse("export_ledger"))
    assert response.status_code == 200
    on_primary, on_replica = q.reads('"ledger_project"')
    assert on_replica >= 1 and on_primary == 0
    # the session and the user are read before the view, from the primary
    assert q.reads('"django_session"')[0] >= 1 and q.reads('"django_session"')[1] == 0


def test_the_statistics_export_reads_from_the_replica(client, personas, make_project, replica_on):
    make_project()
    client.force_login(personas["carl"])
    with Queries() as q:
        assert client.get(reverse("export_statistics")).status_code == 200
    assert q.reads('"ledger_project"')[0] == 0 and q.reads('"ledger_project"')[1] >= 1


def test_the_forms_job_reads_from_the_replica_and_writes_its_status_to_the_primary(personas, make_project, replica_on):
    make_project()
    with Queries() as q:
        job = jobs.job_request(kind=JobKind.FORMS, by=personas["alice"], result_name="f.xlsx")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.message == "1 份申请表"
    assert q.reads('"ledger_project"')[0] == 0 and q.reads('"ledger_project"')[1] >= 1
    on_primary, on_replica = q.writes('"ledger_job"')
    assert on_primary >= 3 and on_replica == 0  # created, started, progress, finished


def test_a_write_inside_the_block_goes_to_the_primary(personas, make_project, replica_on):
    make_project()
    with Queries() as q, reading_from_replica():
        assert Project.objects.count() == 1
        Notification.objects.create(user=personas["alice"], kind=NotificationKind.STEP, text="副本块内写入", url="/")
    assert q.reads('"ledger_project"') == (0, 1)
    assert q.writes('"ledger_notification"') == (1, 0)
    assert Notification.objects.filter(text="副本块内写入").exists()


def test_outside_the_block_everything_reads_from_the_primary(personas, make_project, replica_on):
    make_project()
    with reading_from_replica():
        project = Project.objects.get()
    with Queries() as q:
        assert Project.objects.count() == 1
        assert project.township.name == "保家镇"  # a related read of an object read from the replica
    assert q.reads('"ledger_project"') == (1, 0)
    assert q.reads('"ledger_division"') == (1, 0)


def test_without_a_replica_the_block_reads_from_the_primary(personas, make_project, settings, job_media):
    settings.READ_REPLICA = ""
    make_project()
    with Queries() as q, reading_from_replica():
        assert Project.objects.count() == 1
        assert Job.objects.count() == 0
    assert q.reads('"ledger_project"') == (1, 0)
