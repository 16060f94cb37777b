"""县农业农村委 is the second filing body (二: "报县乡村振兴局、县农业农村委备案"): it reads the
whole county's ledger (附件5), statistics (附件4) and monthly versions, read-only; as a
department it still sees, edits and files only the projects it manages."""

import pytest
from django.urls import reverse

from ledger import access
from ledger.models import Unit
from tests.conftest import run_job

from .conftest import open_xlsx
from .test_export_views import names


@pytest.fixture
def county_projects(make_project, places):
    return {
        "baojia": make_project(name="保家镇项目"),
        "hanjia": make_project(
            name="汉葭项目",
            township=places["hanjia"],
            village=places["hanjia_village"],
            managing_unit=places["hanjia_village_unit"],
        ),
        "agri": make_project(name="农业项目", managing_level="department", managing_unit=places["agri"]),
        "forestry": make_project(name="林业项目", managing_level="department", managing_unit=places["forestry"]),
    }


@pytest.fixture
def nyncw(client, personas):
    client.force_login(personas["dora"])
    return personas["dora"]


def test_the_migration_marks_nyncw_and_no_other_unit(county):
    assert list(Unit.objects.filter(is_filing_body=True).values_list("code", flat=True)) == ["NYNCW"]


def test_nyncw_downloads_the_county_ledger_with_every_project(client, nyncw, county_projects):
    response = client.get(reverse("export_ledger"))
    assert response.status_code == 200
    assert names(b"".join(response.streaming_content)) == {"保家镇项目", "汉葭项目", "农业项目", "林业项目"}


def test_nyncw_downloads_the_county_statistics(client, nyncw, county_projects):
    ws = open_xlsx(b"".join(client.get(reverse("export_statistics")).streaming_content)).active
    total = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] == "合计")
    assert total[3] == 4


def test_nyncw_may_narrow_to_a_township_or_its_own_projects(client, nyncw, county_projects, places):
    response = client.get(reverse("export_ledger"), {"township": places["hanjia"].pk})
    assert names(b"".join(response.streaming_content)) == {"汉葭项目"}
    response = client.get(reverse("export_ledger"), {"department": places["agri"].pk})
    assert names(b"".join(response.streaming_content)) == {"农业项目"}
    page = client.get(reverse("exports")).content.decode()
    assert 'id="township"' in page and "彭水自治县" in page


def test_another_department_still_reads_only_its_own(client, personas, county_projects):
    client.force_login(personas["dan"])
    response = client.get(reverse("export_ledger"))
    assert names(b"".join(response.streaming_content)) == {"林业项目"}


def test_nyncw_cannot_open_or_edit_another_units_project(client, nyncw, county_projects, places):
    for name in ("baojia", "hanjia", "forestry"):
        pk = county_projects[name].pk
        assert client.get(reverse("project_detail", args=[pk])).status_code == 404
        assert client.get(reverse("project_edit", args=[pk])).status_code == 404
        assert client.post(reverse("project_edit", args=[pk]), {"measures": "x"}).status_code == 404
        assert client.get(reverse("export_form", args=[pk])).status_code == 404
    own = county_projects["agri"]
    assert client.get(reverse("project_edit", args=[own.pk])).status_code == 200


def test_nyncw_gets_no_other_units_forms_approvals_or_imports(client, nyncw, county_projects, personas, job_media):
    from approvals import services

    app = services.application_create(by=personas["alice"], project=county_projects["baojia"])
    assert client.get(reverse("approvals:detail", args=[app.pk])).status_code == 404
    assert client.get(reverse("import_upload")).status_code == 403
    workbook = open_xlsx(run_job(client, reverse("export_forms"))[1])
    assert len(workbook.sheetnames) == 1  # its own project's form only


def test_nyncw_reads_every_monthly_version(nyncw, personas):
    assert access.reads_county_reports(nyncw)
    assert access.snapshot_unit_scope(nyncw).children == [("county_id", nyncw.unit.county_id)]  # its county's
    assert not access.reads_county_reports(personas["dan"])
    assert not access.reads_county_reports(personas["alice"])
    assert access.reads_county_reports(personas["carl"])
