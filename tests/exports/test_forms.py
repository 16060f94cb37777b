from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

import pytest
from django.urls import reverse

from ledger.exports.forms import write_forms
from ledger.models import Project
from tests.conftest import PASSWORD, run_job

from .conftest import open_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(projects) -> bytes:
    buf = BytesIO()
    write_forms(buf, projects)
    return buf.getvalue()


def cells(ws) -> dict:
    return {row[0]: row[1:] for row in ws.iter_rows(min_row=4, values_only=True) if row[0]}


@pytest.fixture
def halted(make_project, places):
    return make_project(
        name="=保家镇冷库项目",
        managing_level="township",
        managing_unit=places["baojia_unit"],
        fund4_social=Decimal("1000.00"),
        production_status="halted",
        use_state="idle",
        reason_funds=True,
        linkage="insufficient",
        linkage_no_jobs=True,
        classification="revitalise",
    )


def test_one_sheet_per_project_with_title_and_boxes(halted, make_project):
    other = make_project()
    wb = open_xlsx(export(Project.objects.order_by("number")))
    assert wb.sheetnames == [halted.number, other.number]
    ws = wb[halted.number]
    assert ws["A1"].value == "附件2"
    assert ws["A2"].value == "彭水自治县经营性帮扶产业项目“四个一批”分类及处置措施申请表"
    assert ws["A3"].value == "（乡镇(街道)主管项目）"
    boxes = cells(ws)
    assert boxes["项目名称"][0] == "=保家镇冷库项目" and ws["B4"].data_type == "s"
    assert boxes["项目名称"][1:] == ("项目编号", halted.number)
    assert boxes["投资规模"][0].startswith(
        "合计：651,000.75元\n1.财政专项扶贫资金(衔接资金)650,000.75元，其中：中央资金500,000.00元"
    )
    assert "4.社会扶贫(帮扶)资金1,000.00元；" in boxes["投资规模"][0]
    assert "停产闲置☑：产业选择不准□　配套设施原因□　资金短缺☑" in boxes["项目现状"][0]
    assert (
        "发挥联农带农作用不充分☑：未按约定有效带动农户发展生产□　未按约定吸纳农村劳动力稳定就业☑"
        in boxes["联农带农情况"][0]
    )
    assert boxes["“四个一批”认定"][0] == "巩固□　提升□　盘活☑　重建□"
    for label in ("村委会意见", "乡镇(街道)意见", "县实施乡村振兴战略领导小组意见"):
        assert "盖章" in boxes[label][0] and "年" in boxes[label][0]
    assert str(ws.page_setup.paperSize) == "9"


def test_variant_title_by_managing_level(make_project, places):
    p = make_project(managing_level="department", managing_unit=places["agri"])
    ws = open_xlsx(export([p])).active
    assert ws["A1"].value == "附件3" and ws["A3"].value == "（行业部门主管项目）"


@pytest.mark.parametrize("n", [5, 50])
def test_batch_in_fixed_queries(make_project, django_assert_max_num_queries, n):
    for _ in range(n):
        make_project()
    with django_assert_max_num_queries(1):
        data = export(Project.objects.select_related("township", "village", "managing_unit"))
    assert len(open_xlsx(data).sheetnames) == n


def test_print_page_in_scope(client, personas, halted):
    client.login(username="alice", password=PASSWORD)
    response = client.get(reverse("project_print", args=[halted.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<link rel="stylesheet" href="/static/pengshui/form_print.css">' in html  # no inline style (CSP)
    sheet = client.get("/static/pengshui/form_print.css")
    assert "@page { size: A4 portrait" in b"".join(sheet.streaming_content).decode()
    assert "（乡镇(街道)主管项目）" in html and "县实施乡村振兴战略领导小组意见" in html
    assert html.count("（盖章）") == 3
    assert 'id="opinion-village"' in html and 'id="opinion-county"' in html
    assert "附件2 =保家镇冷库项目" in html and "巩固□　提升□　盘活☑　重建□" in html


def test_print_page_and_form_of_other_township_are_404(client, personas, halted):
    client.login(username="bob", password=PASSWORD)
    assert client.get(reverse("project_print", args=[halted.pk])).status_code == 404
    assert client.get(reverse("export_form", args=[halted.pk])).status_code == 404


def test_single_and_batch_form_downloads(client, personas, halted, make_project, places, job_media):
    make_project(
        township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
    )
    client.login(username="alice", password=PASSWORD)
    response = client.get(reverse("export_form", args=[halted.pk]))
    assert response["Content-Type"] == XLSX
    assert quote(f"申请表_{halted.number}.xlsx") in response["Content-Disposition"]
    _, data = run_job(client, reverse("export_forms"))
    assert open_xlsx(data).sheetnames == [halted.number]
