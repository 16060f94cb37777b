"""The forms of more than one township come as a zip of one workbook per township
(ledger.exports.forms.write_forms_zip), built on the queue and reported township by
township; a township's own forms stay one workbook."""

import zipfile
from io import BytesIO

import pytest
from django.urls import reverse

from ledger.exports import forms
from ledger.exports.forms import package_name, write_forms_zip
from ledger.models import JobStatus, Project
from tests.conftest import PASSWORD, run_job

from .conftest import open_xlsx


@pytest.fixture
def two_townships(make_project, places):
    baojia = [make_project(), make_project()]
    hanjia = make_project(
        township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
    )
    return baojia, hanjia


def _names(places) -> tuple[str, str]:
    """The two townships' workbooks, numbered in the order of their codes."""
    first, second = sorted([places["baojia"], places["hanjia"]], key=lambda d: d.code)
    return package_name(1, first.name), package_name(2, second.name)


def test_the_countys_forms_come_as_one_workbook_per_township(client, personas, places, two_townships):
    baojia, hanjia = two_townships
    client.login(username="carl", password=PASSWORD)
    job, data = run_job(client, reverse("export_forms"))
    assert job.status == JobStatus.DONE and job.message == "3 份申请表"
    assert job.result_name.startswith("申请表_县级_") and job.result_name.endswith(".zip")
    assert "_forms" in job.result.name and job.result.name.endswith(".zip")
    zf = zipfile.ZipFile(BytesIO(data))
    assert zf.testzip() is None
    by_township = {places["baojia"].name: sorted(p.number for p in baojia), places["hanjia"].name: [hanjia.number]}
    assert sorted(zf.namelist()) == sorted(_names(places))
    for name in zf.namelist():
        township = name.removesuffix(".xlsx").split("_", 1)[1]
        wb = open_xlsx(zf.read(name))
        assert wb.sheetnames == by_township[township]
        assert wb.worksheets[0]["A2"].value == "彭水自治县经营性帮扶产业项目“四个一批”分类及处置措施申请表"
    response = client.get(reverse("job_download", args=[job.pk]))
    assert response["Content-Type"] == "application/zip"


def test_the_package_names_its_workbooks_in_chinese():
    assert package_name(1, "保家镇") == "01_保家镇.xlsx"
    assert package_name(12, "汉葭街道", 2) == "12_汉葭街道_第2册.xlsx"


def test_a_township_over_the_limit_of_a_workbook_is_split_into_volumes(monkeypatch, make_project, places):
    monkeypatch.setattr(forms, "FORMS_PER_WORKBOOK", 2)
    numbers = sorted(make_project().number for _ in range(5))
    buf = BytesIO()
    reports = []
    assert write_forms_zip(buf, Project.objects.all(), progress=lambda *a: reports.append(a)) == 5
    zf = zipfile.ZipFile(buf)
    names = [package_name(1, places["baojia"].name, k) for k in (1, 2, 3)]
    assert zf.namelist() == names
    assert [open_xlsx(zf.read(n)).sheetnames for n in names] == [numbers[:2], numbers[2:4], numbers[4:]]
    assert reports[-1] == (5, 5, "已完成1/1个乡镇(街道)，已处理 5/5 份")


def test_progress_is_reported_as_each_township_completes(places, two_townships):
    reports = []
    write_forms_zip(BytesIO(), Project.objects.all(), progress=lambda *a: reports.append(a))
    assert [r for r in reports if len(r) == 3] == [
        (reports[0][0], 3, "已完成1/2个乡镇(街道)，已处理 " + f"{reports[0][0]}/3 份"),
        (3, 3, "已完成2/2个乡镇(街道)，已处理 3/3 份"),
    ]


def test_a_township_asked_for_by_the_county_stays_one_workbook(client, personas, places, two_townships):
    _, hanjia = two_townships
    client.login(username="carl", password=PASSWORD)
    job, data = run_job(client, reverse("export_forms") + f"?township={places['hanjia'].pk}")
    assert job.result_name.endswith(".xlsx") and open_xlsx(data).sheetnames == [hanjia.number]


@pytest.mark.django_db
def test_an_empty_scope_gives_a_package_that_says_so():
    buf = BytesIO()
    assert write_forms_zip(buf, Project.objects.all()) == 0
    assert zipfile.ZipFile(buf).read("没有项目.txt").decode() == "所选范围内没有项目。\n"


def test_a_form_in_the_package_keeps_a_formula_as_text(make_project):
    make_project(name="=1+2")
    buf = BytesIO()
    write_forms_zip(buf, Project.objects.all())
    zf = zipfile.ZipFile(buf)
    ws = open_xlsx(zf.read(zf.namelist()[0])).active
    assert ws["B4"].value == "=1+2" and ws["B4"].data_type == "s"
