"""市级: the per-county figures of the municipal pages come from the cache under the version
of the projects' data (D148) — served from it while nothing changed, read afresh after any
save, bulk write or deletion, and not stored while another transaction is writing.

Transactional tests: the figures are stored when the reading transaction commits, so a
test run inside one (the default) would store nothing."""

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ledger.imports import bulk
from ledger.models import Project
from ledger.models.projects import fill_derived
from ledger.services import project_take_effect

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["municipal_home", "municipal_statistics"]


def aggregate(sql: str) -> bool:
    """The aggregate over every project by county, the one query the cache saves."""
    return sql.startswith('SELECT "ledger_project"."county_id"') and 'FROM "ledger_project" GROUP BY' in sql


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def city(client, municipal, fl_project, make_project):
    make_project(name="彭水第一个项目")
    make_project(name="彭水第二个项目", classification="upgrade", upgrade_chain_gap=True, upgrade_low_value_added=True)
    client.force_login(municipal)
    return client


def get(client, name):
    """(figures, the number of queries, whether the aggregate ran) of one request: per county
    (by name) its projects and those in force of each class, and the municipal total."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name))
    assert response.status_code == 200
    if name == "municipal_home":
        figures = {r["county"].name: (r["total"], *r["classes"]) for r in response.context["rows"]}
        figures["合计"] = (response.context["total"],)
    else:
        figures = {r.region: tuple(r.counts[:5]) for r in response.context["rows"]}
        figures["合计"] = tuple(response.context["total"].counts[:5])
    ran = sum(aggregate(q["sql"]) for q in ctx.captured_queries)
    return figures, len(ctx), ran


@pytest.mark.parametrize("name", PAGES)
def test_the_second_request_is_served_from_the_cache(city, name):
    first, miss, ran = get(city, name)
    assert ran == 1
    second, hit, ran = get(city, name)
    assert ran == 0 and hit == miss - 1
    assert second == first
    assert first["合计"][0] == 3 and first["涪陵区"][0] == 1


@pytest.mark.parametrize("name", PAGES)
def test_a_save_shows_in_the_next_request(city, name, fl, make_project):
    before, _, _ = get(city, name)
    get(city, name)  # now from the cache
    # a new project, through the model's save
    make_project(
        name="涪陵第三个项目",
        number="5001022021000003",
        township=fl["township"],
        village=fl["village"],
        managing_unit=fl["units"]["village"],
    )
    after, _, ran = get(city, name)
    assert ran == 1
    assert after["涪陵区"][0] == before["涪陵区"][0] + 1 and after["合计"][0] == before["合计"][0] + 1
    get(city, name)
    # a class put in force by an approval's decision (the service it calls)
    project = Project.objects.get(name="涪陵第三个项目")
    assert project.classification == "consolidate"
    project_take_effect(project=project, classification="revitalise", measures="盘活", by=None, reason="审批通过")
    decided, _, ran = get(city, name)
    assert ran == 1
    revitalise = 3  # (total, consolidate, upgrade, revitalise, rebuild)
    assert decided["涪陵区"][revitalise] == after["涪陵区"][revitalise] + 1
    assert decided["涪陵区"][1] == after["涪陵区"][1] - 1


@pytest.mark.parametrize("name", PAGES)
def test_an_imports_bulk_write_shows_in_the_next_request(city, name):
    """The import's commit writes projects and their history rows in bulk (ledger.imports.bulk:
    on PostgreSQL one UPDATE … FROM VALUES and an INSERT … SELECT of the history by SQL)."""
    before, _, _ = get(city, name)
    get(city, name)
    projects = list(Project.objects.filter(county__code="500243", classification="consolidate"))
    for p in projects:
        p.classification = p.proposed_classification = "rebuild"
        p.record_change(by=None, reason="导入：测试.xlsx")
    fields = ["classification", "proposed_classification", *fill_derived(projects, now=timezone.now())]
    with transaction.atomic():
        bulk.update(Project, projects, fields)
        bulk.history(projects, changed=True, when=timezone.now())
    after, _, ran = get(city, name)
    assert ran == 1
    pengshui = "彭水苗族土家族自治县"
    assert after[pengshui][4] == before[pengshui][4] + len(projects) and after[pengshui][1] == 0


@pytest.mark.parametrize("name", PAGES)
def test_a_deletion_shows_in_the_next_request(city, name, fl_project):
    before, _, _ = get(city, name)
    get(city, name)
    fl_project.delete()
    after, _, ran = get(city, name)
    assert ran == 1
    assert after["涪陵区"][0] == before["涪陵区"][0] - 1 == 0


def test_a_reading_transaction_stores_only_when_it_commits(city):
    with transaction.atomic():
        get(city, "municipal_home")
        _, _, ran = get(city, "municipal_home")
        assert ran == 1  # not stored yet: this transaction might still be rolled back
    _, _, ran = get(city, "municipal_home")
    assert ran == 0
    try:
        with transaction.atomic():
            cache.clear()
            get(city, "municipal_home")
            raise RuntimeError
    except RuntimeError:
        pass
    _, _, ran = get(city, "municipal_home")
    assert ran == 1  # the rolled-back transaction stored nothing


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
@pytest.mark.parametrize("name", PAGES)
def test_a_figure_read_while_another_transaction_writes_is_not_stored(city, name, fl, fl_project, make_project):
    """On PostgreSQL, transactions commit out of the order of their history ids: one that took
    its id first and commits last leaves the largest id unchanged. A figure read while it is
    open is computed but not stored, so its change shows once it commits."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    before, _, _ = get(city, name)
    # a second connection to the test database (tests/settings.py: "replica" mirrors it)
    with transaction.atomic(using="replica"):
        slow = Project.objects.using("replica").get(pk=fl_project.pk)
        slow.classification = slow.proposed_classification = "rebuild"
        slow.record_change(by=None, reason="修改")
        slow.save(using="replica")  # its history row holds the lower id, not yet committed
        make_project(name="彭水第三个项目")  # committed, with a higher history id
        during, _, ran = get(city, name)
        assert ran == 1 and during["合计"][0] == before["合计"][0] + 1
        assert during["涪陵区"][4] == before["涪陵区"][4]  # the open transaction's change unseen
        _, _, ran = get(city, name)
        assert ran == 1  # computed again: not stored while the other transaction is open
    connections["replica"].close()
    after, _, ran = get(city, name)
    assert ran == 1 and after["涪陵区"][4] == before["涪陵区"][4] + 1
    _, _, ran = get(city, name)
    assert ran == 0  # nothing else in progress: stored


def test_a_transaction_of_another_database_does_not_keep_the_figure_out(city):
    """PostgreSQL lists the transactions in progress of every database of the server: those
    known to be of another database do not count."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    import psycopg2

    where = connection.settings_dict
    other = psycopg2.connect(host=where["HOST"], port=where["PORT"] or 5432, user=where["USER"], dbname="postgres")
    try:
        with other.cursor() as cursor:  # psycopg2 opens a transaction: left open until the end
            cursor.execute("CREATE TEMPORARY TABLE busy (n int); INSERT INTO busy VALUES (1)")
            cursor.execute("SELECT pg_current_xact_id_if_assigned()")
            assert cursor.fetchone()[0] is not None
        get(city, "municipal_home")
        _, _, ran = get(city, "municipal_home")
        assert ran == 0
    finally:
        other.rollback()
        other.close()


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_writer_given_its_xid_after_the_latest_to_end_still_counts(city, fl_project, make_project):
    """The transactions in progress are not those a snapshot lists: it lists the xids below
    one past the latest to end, so a writer given its xid after that one is in progress
    unlisted. Here: A takes an xid, B (a third connection) takes a later one and changes a
    project, A ends. A figure read now misses B's change and must not be stored."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    import psycopg2

    before, _, _ = get(city, "municipal_home")
    where = connection.settings_dict
    b = psycopg2.connect(host=where["HOST"], port=where["PORT"] or 5432, user=where["USER"], dbname=where["NAME"])
    try:
        with transaction.atomic(using="replica"):
            make_project(name="彭水第三个项目").save(using="replica")  # A's xid
            with b.cursor() as cursor:  # B: a later xid, its change not yet committed
                cursor.execute(
                    "UPDATE ledger_project SET classification = 'rebuild', proposed_classification = 'rebuild' "
                    "WHERE id = %s",
                    [fl_project.pk],
                )
        # A has ended; B is in progress
        during, _, ran = get(city, "municipal_home")
        assert ran == 1 and during["涪陵区"][4] == before["涪陵区"][4]
        b.commit()
    finally:
        b.close()
    after, _, _ = get(city, "municipal_home")
    assert after["涪陵区"][4] == before["涪陵区"][4] + 1
