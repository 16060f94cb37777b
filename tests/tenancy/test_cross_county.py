"""The cross-county walk: a second county's users, of every role, reach none of Pengshui's
objects, and none of their pages or workbooks names a Pengshui project."""

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from ledger.models import Project
from tests.test_url_scope_matrix import REGISTRY, _answer, object_patterns, plain_patterns

# Not a county's object: a year of the shared holiday calendar, and of the user's own round.
NOT_COUNTY_OBJECTS = {"approvals:round_edit", "approvals:holidays"}


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _texts(response) -> str:
    """Everything a response shows: a page's text, or every cell of a workbook."""
    body = _body(response)
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    if "zip" in kind:
        return "\n".join(zipfile.ZipFile(io.BytesIO(body)).namelist())
    return body.decode("utf-8", errors="replace")


@pytest.fixture
def both(worlds, fl, fl_project):
    return worlds


def test_every_object_url_refuses_pengshuis_objects_to_the_second_countys_users(client, both, fl):
    tried, leaks = 0, []
    for f in object_patterns():
        if f.admin or f.name in NOT_COUNTY_OBJECTS:
            continue
        entry = REGISTRY[f.name]
        if entry is None:
            continue
        for role, user in fl["users"].items():
            client.force_login(user)
            for world in both.values():
                for kwargs in entry.objects(world):
                    url = reverse(f.name, kwargs=kwargs)
                    status = _answer(client, url)
                    tried += 1
                    if status not in (403, 404):
                        leaks.append(f"{role} {url} → {status}")
    assert not leaks, "\n".join(leaks)
    assert tried > 500


def test_no_page_or_workbook_of_the_second_county_names_a_pengshui_project(client, both, fl):
    pengshui = list(Project.objects.filter(county__code="500243").values_list("name", "number"))
    assert len(pengshui) == 2
    words = {w for pair in pengshui for w in pair}
    seen, leaks = 0, []
    for role, user in fl["users"].items():
        client.force_login(user)
        for f in plain_patterns():
            url = f.route
            response = client.get(url)
            if response.status_code != 200:
                continue
            seen += 1
            text = _texts(response)
            leaks += [f"{role} {url}: {w}" for w in words if w in text]
    assert not leaks, "\n".join(leaks)
    assert seen > 60


def test_the_second_countys_pages_carry_its_own_name(client, fl, fl_project):
    client.force_login(fl["users"]["bureau"])
    home = client.get("/").content.decode()
    assert "涪陵区" in home and "彭水" not in home
    listing = client.get("/projects/").content.decode()
    assert fl_project.name in listing
    response = client.get(reverse("export_ledger"))
    title = openpyxl.load_workbook(io.BytesIO(_body(response))).worksheets[0]["A1"].value
    assert title == "涪陵区经营性帮扶产业项目“四个一批”管理台账"
    response = client.get(reverse("export_statistics"))
    ws = openpyxl.load_workbook(io.BytesIO(_body(response))).worksheets[0]
    assert ws["A1"].value == "涪陵区经营性帮扶产业项目“四个一批”分类统计表"
    regions = {row[1] for row in ws.iter_rows(values_only=True) if row[1]}
    assert fl["township"].name in regions and "保家镇" not in regions
    form = client.get(reverse("project_print", kwargs={"pk": fl_project.pk})).content.decode()
    assert "涪陵区经营性帮扶产业项目“四个一批”分类及处置措施申请表" in form


def test_the_same_number_may_be_used_in_two_counties(fl, fl_project, make_project):
    twin = make_project(number=fl_project.number)  # in Pengshui
    assert twin.county.code == "500243" and fl_project.county.code == "500102"


def test_a_project_cannot_mix_two_countys_places(fl, make_project, places):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="必须属于同一个区县"):
        make_project(township=fl["township"], village=places["baojia_village"], managing_unit=places["village_unit"])


def test_pengshuis_places_given_in_a_query_string_show_nothing_of_pengshui(client, both, fl, places, make_project):
    """The list's filter and its places endpoint, asked for a Pengshui township, village or
    unit by the second county's bureau: no Pengshui place, unit or project comes back."""
    project = make_project(name="彭水查询串测试项目")
    client.force_login(fl["users"]["bureau"])
    data = client.get(reverse("project_filter_places"), {"township": places["baojia"].pk}).json()
    assert data["villages"] == []
    assert all(pk != places["baojia_unit"].pk for pk, _ in data["units"])
    for query in (
        {"township": places["baojia"].pk},
        {"village": places["baojia_village"].pk},
        {"managing_unit": places["village_unit"].pk},
        {"q": project.name},
    ):
        page = client.get("/projects/", query)
        assert page.status_code == 200
        text = page.content.decode()
        # the search box echoes what was asked; the project itself is neither listed nor linked
        assert project.number not in text and reverse("project_detail", args=[project.pk]) not in text
        assert "保家镇" not in text
