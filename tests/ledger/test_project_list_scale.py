"""The project list at any size (D125–D127): its stored sort keys, the filter's choices of
the chosen township, and the same queries whatever the number of projects."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ledger.choices import INVESTMENT_FIELDS
from ledger.models import Project
from ledger.services import project_update

LIST = "/projects/"
PLACES = "/projects/places.json"


def test_the_township_code_is_kept_on_save_and_orders_the_list(client, personas, make_project, places):
    hanjia = make_project(
        township=places["hanjia"],
        village=places["hanjia_village"],
        managing_unit=places["hanjia_village_unit"],
        number="5002432020900001",
    )
    baojia = make_project(number="5002432020900002")
    assert (hanjia.township_code, baojia.township_code) == (places["hanjia"].code, places["baojia"].code)
    client.force_login(personas["carl"])
    listed = [row.record.pk for row in client.get(LIST).context["table"].page.object_list]
    by_code = sorted([hanjia, baojia], key=lambda p: (p.township.code, p.number))
    assert listed == [p.pk for p in by_code]


def test_moving_a_project_to_another_township_moves_its_code(personas, make_project, places):
    project = make_project(managing_level="township", managing_unit=places["baojia_unit"], village=None)
    project.township = places["hanjia"]
    project.managing_unit = places["hanjia_unit"]
    project.save(update_fields=["township", "managing_unit"])
    assert Project.objects.get(pk=project.pk).township_code == places["hanjia"].code


def test_the_stored_investment_follows_every_write(personas, make_project):
    project = make_project()
    stored = Project.objects.get(pk=project.pk)
    before = stored.investment_total
    assert stored.investment == before > 0
    more = {"fund2_county": stored.fund2_county + Decimal("1000.10")}
    project_update(project=stored, by=personas["alice"], data=more, reason="追加")
    assert Project.objects.get(pk=project.pk).investment == before + Decimal("1000.10")
    Project.objects.filter(pk=project.pk).update(**dict.fromkeys(INVESTMENT_FIELDS, Decimal("1")))  # a bulk write
    assert Project.objects.get(pk=project.pk).investment == Decimal(len(INVESTMENT_FIELDS))


def test_the_county_filter_offers_the_chosen_townships_villages_only(client, personas, places):
    client.force_login(personas["carl"])
    form = client.get(LIST).context["filter"].form
    assert list(form.fields["village"].queryset) == []
    units = set(form.fields["managing_unit"].queryset)
    assert places["baojia_unit"] in units and places["agri"] in units and places["village_unit"] not in units
    form = client.get(f"{LIST}?township={places['baojia'].pk}").context["filter"].form
    assert {v.parent_id for v in form.fields["village"].queryset} == {places["baojia"].pk}
    units = set(form.fields["managing_unit"].queryset)
    assert places["village_unit"] in units and places["hanjia_village_unit"] not in units


def test_a_chosen_village_or_unit_is_offered_and_filters_without_its_township(client, personas, make_project, places):
    project = make_project()
    client.force_login(personas["carl"])
    response = client.get(f"{LIST}?village={places['baojia_village'].pk}&managing_unit={places['village_unit'].pk}")
    form = response.context["filter"].form
    assert list(form.fields["village"].queryset) == [places["baojia_village"]]
    assert places["village_unit"] in set(form.fields["managing_unit"].queryset)
    assert [row.record.pk for row in response.context["table"].page.object_list] == [project.pk]


def test_the_places_endpoint_gives_a_townships_choices_within_the_users_scope(client, personas, places):
    client.force_login(personas["carl"])
    data = client.get(PLACES, {"township": places["baojia"].pk}).json()
    village_ids = {pk for pk, _ in data["villages"]}
    assert places["baojia_village"].pk in village_ids and places["hanjia_village"].pk not in village_ids
    assert places["village_unit"].pk in {pk for pk, _ in data["units"]}
    client.force_login(personas["alice"])  # a township: her own villages, whatever is asked
    data = client.get(PLACES, {"township": places["hanjia"].pk}).json()
    assert places["hanjia_village"].pk not in {pk for pk, _ in data["villages"]}
    assert places["hanjia_unit"].pk not in {pk for pk, _ in data["units"]}


@pytest.mark.parametrize("query", ["", "q=种植", "sort=-investment", "page=2", "township=PK"])
def test_the_county_list_runs_the_same_queries_at_two_sizes(client, personas, make_project, places, query):
    client.force_login(personas["carl"])
    query = query.replace("PK", str(places["baojia"].pk))
    counts = []
    for n in (3, 60):
        while Project.objects.count() < n:
            make_project()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{LIST}?{query}").status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1] <= 12, counts


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_the_number_trigram_index_serves_the_search_and_not_the_lookup_of_many_numbers(personas, make_project):
    """The search by number reaches the trigram index on UPPER(number). No trigram index is
    on the bare column: one there also answers `number = ANY(…)`, and the planner chose it
    for the lookup of an imported file's numbers, which took 30 s for 5,000 numbers at
    100,000 projects, every number sharing its first digits (migration 0025)."""
    from ledger.filters import ProjectFilter
    from ledger.imports.engine import _existing, in_county

    project = make_project()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'ledger_project' AND indexdef LIKE '%%gin_trgm_ops%%'"
        )
        trigram = [row[0] for row in cursor.fetchall()]
        assert len(trigram) == 2, trigram  # the name's and the number's
        assert not [d for d in trigram if "(number" in d.replace("upper((number", "")], trigram
        cursor.execute("SET LOCAL enable_seqscan = off")  # a plan that can use an index, uses it
    search = ProjectFilter({"q": project.number[4:12]}, queryset=Project.objects.all(), user=personas["carl"]).qs
    assert "project_number_upper_trgm" in search.explain()
    assert list(search) == [project]
    numbers = {project.number, *(f"5002432021{i:06d}" for i in range(500))}
    assert list(_existing(numbers, False, in_county(None))) == [project.number]
