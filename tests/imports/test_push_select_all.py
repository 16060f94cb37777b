"""The push list (待调研项目): select-all and confirming the ticked rows at once (十一)."""

import pytest
from django.urls import reverse

from ledger.models.imports import ProjectPush


@pytest.fixture
def pushed(make_project, places):
    projects = [make_project(name=f"推送项目{n}") for n in range(3)]
    for p in projects:
        ProjectPush.objects.create(project=p, unit=places["baojia_unit"])
    return projects


def test_page_has_a_select_all_box_and_a_box_per_row(client, personas, pushed):
    client.force_login(personas["alice"])
    html = client.get(reverse("push_waiting")).content.decode()
    assert 'id="select-all" data-select-all="project" form="bulk-form"' in html
    assert html.count('name="project" value=') == 2 * len(pushed)  # a box and a button form each
    assert html.count('form="bulk-form" aria-label="选择') == len(pushed)
    assert "pengshui/select_all.js" in html and "<script>" not in html


def test_without_script_the_all_link_ticks_every_row(client, personas, pushed):
    client.force_login(personas["alice"])
    html = client.get(reverse("push_waiting") + "?all=1").content.decode()
    assert html.count('aria-label="选择推送项目') == html.count("checked>") == len(pushed)


def test_ticked_rows_are_confirmed_together(client, personas, pushed):
    client.force_login(personas["alice"])
    response = client.post(reverse("push_waiting"), {"project": [p.pk for p in pushed[:2]]}, follow=True)
    assert "确认已调研2个项目" in response.content.decode()
    surveyed = set(ProjectPush.objects.filter(surveyed_by=personas["alice"]).values_list("project_id", flat=True))
    assert surveyed == {pushed[0].pk, pushed[1].pk}


def test_nothing_ticked_changes_nothing(client, personas, pushed):
    client.force_login(personas["alice"])
    response = client.post(reverse("push_waiting"), follow=True)
    assert "请先勾选项目" in response.content.decode()
    assert not ProjectPush.objects.filter(surveyed_at__isnull=False).exists()


def test_a_foreign_row_refuses_the_whole_batch(client, personas, pushed, make_project, places):
    other = make_project(
        township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
    )
    client.force_login(personas["alice"])
    assert client.post(reverse("push_waiting"), {"project": [pushed[0].pk, other.pk]}).status_code == 404
    assert not ProjectPush.objects.filter(surveyed_at__isnull=False).exists()
