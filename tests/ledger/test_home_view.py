"""The home page: the user's scope at a glance, with links into the filtered list."""

import re


def test_home_counts_by_class_status_and_unclassified_in_scope(client, personas, make_project, places):
    make_project()
    make_project(production_status="halted", reason_funds=True, classification="revitalise")
    make_project(classification="")
    make_project(
        township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
    )  # bob's
    client.force_login(personas["alice"])
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "保家镇人民政府经营性帮扶产业项目概况" in html
    assert re.search(r'id="total-projects">3<', html)
    assert re.search(r'href="/projects/\?classification=none" id="unclassified">1<', html)
    assert '<a href="/projects/?classification=consolidate">1</a>' in html
    assert '<a href="/projects/?classification=revitalise">1</a>' in html
    assert '<a href="/projects/?production_status=halted">1</a>' in html
    assert '<a href="/projects/?production_status=normal">2</a>' in html


def test_county_user_sees_the_whole_county(client, personas, make_project, places):
    make_project()
    make_project(
        township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
    )
    client.force_login(personas["olga"])
    html = client.get("/").content.decode()
    assert "全县经营性帮扶产业项目概况" in html and re.search(r'id="total-projects">2<', html)


def test_home_links_lead_to_the_matching_list(client, personas, make_project):
    make_project(classification="")
    make_project()
    client.force_login(personas["alice"])
    listed = client.get("/projects/?classification=none").context["counts"]
    assert listed["total"] == 1


def test_home_runs_a_fixed_number_of_queries(client, personas, make_project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas["alice"])
    counts = []
    for n in (2, 12):  # projects added before each measure
        for _ in range(n):
            make_project()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        counts.append(len(ctx))
    # the data-quality watch's count takes seven of them (ledger/watch.py), the navigation
    # bar's to-dos and unread notifications four (a township: D90)
    assert counts[0] == counts[1] <= 24, counts


def test_home_requires_log_in(client, db):
    assert client.get("/").status_code == 302
