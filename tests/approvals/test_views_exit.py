"""The exit pages: starting an exit from a project page, filing it, the register of exit
cases (the county sees all, a unit its own; another unit's case is 404), its workbook, and
recording, settling and writing off a recovery."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals.choices import ApplicationKind, Status
from approvals.models import Application, Recovery
from tests.approvals.conftest import PDF
from tests.approvals.exit_helpers import INSUFFICIENT, walk_exit


def test_a_preparer_starts_and_files_an_exit_from_the_project_page(make_project, personas, as_user):
    project = make_project(**INSUFFICIENT)
    client = as_user(personas["alice"])
    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "申请退出" in page
    r = client.post(
        reverse("approvals:exit_start", args=[project.pk]),
        {"reason": "合作社长期不分红", "amount": "50000", "recovery_from": "鹿山合作社"},
    )
    app = Application.objects.get(project=project, kind=ApplicationKind.EXIT)
    assert r.status_code == 302 and r["Location"] == reverse("approvals:detail", args=[app.pk])
    page = client.get(r["Location"]).content.decode()
    assert "报送退出申请" in page and "合作社长期不分红" in page
    client.post(reverse("approvals:exit_file", args=[app.pk]))
    app.refresh_from_db()
    assert app.status == Status.VILLAGE


def test_a_project_with_full_linkage_offers_no_exit_and_the_page_refuses(make_project, personas, as_user):
    project = make_project()
    client = as_user(personas["alice"])
    assert "申请退出" not in client.get(reverse("project_detail", args=[project.pk])).content.decode()
    r = client.post(
        reverse("approvals:exit_start", args=[project.pk]),
        {"reason": "x", "amount": "1", "recovery_from": "y"},
        follow=True,
    )
    assert r.status_code == 200
    assert "只有联农带农作用发挥不充分的项目才能申请退出" in r.content.decode()
    assert not Application.objects.filter(project=project).exists()


def test_bad_amount_is_a_form_error(make_project, personas, as_user):
    project = make_project(**INSUFFICIENT)
    r = as_user(personas["alice"]).post(
        reverse("approvals:exit_start", args=[project.pk]), {"reason": "x", "amount": "十万", "recovery_from": "y"}
    )
    assert r.status_code == 200 and "拟追偿金额" in r.content.decode()
    assert not Application.objects.exists()


def test_the_register_is_scoped_and_another_units_case_is_404(
    make_project, personas, party_meeting, county_meeting, as_user
):
    project = make_project(**INSUFFICIENT, name="鹿山社区生猪养殖场")
    case = walk_exit(personas, party_meeting, county_meeting, project, amount="20000.00")
    county = as_user(personas["olga"]).get(reverse("approvals:exits")).content.decode()
    assert "鹿山社区生猪养殖场" in county and "20000.00" in county
    bob = as_user(personas["bob"])  # another township
    assert "鹿山社区生猪养殖场" not in bob.get(reverse("approvals:exits")).content.decode()
    assert bob.get(reverse("approvals:exit_case", args=[case.pk])).status_code == 404
    r = bob.post(reverse("approvals:recovery_add", args=[case.pk]), {"amount": "1"})
    assert r.status_code == 404


def test_recording_settling_and_the_workbook(make_project, personas, party_meeting, county_meeting, as_user):
    project = make_project(**INSUFFICIENT, name="=鹿山社区生猪养殖场")
    case = walk_exit(personas, party_meeting, county_meeting, project, amount="20000.00")
    client = as_user(personas["alice"])
    url = reverse("approvals:exit_case", args=[case.pk])
    assert "登记追偿款" in client.get(url).content.decode()
    r = client.post(
        reverse("approvals:recovery_add", args=[case.pk]),
        {
            "received_on": "2025-11-05",
            "amount": "12000.50",
            "payer": "鹿山合作社",
            "scan": SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf"),
        },
        follow=True,
    )
    page = r.content.decode()
    assert "追偿款已登记" in page and "应追偿 20000.00，已追回 12000.50，尚欠 7999.50" in page
    rec = Recovery.objects.get()
    assert rec.received_on == dt.date(2025, 11, 5) and rec.amount == Decimal("12000.50")
    assert client.get(reverse("approvals:file_download", args=["recovery", rec.pk])).status_code == 200

    r = client.post(reverse("approvals:recovery_settle", args=[case.pk]), {"text": ""}, follow=True)
    assert "尚欠7999.50元未追回，不能确认结清" in r.content.decode()

    wb = openpyxl.load_workbook(BytesIO(client.get(reverse("approvals:exits_xlsx")).getvalue()))
    ws = wb.active
    assert [c.value for c in ws[3]][:9] == [
        "序号",
        "项目编号",
        "项目名称",
        "主管单位",
        "退出原因",
        "追偿对象",
        "应追偿金额（元）",
        "已追回金额（元）",
        "尚欠金额（元）",
    ]
    row = [c.value for c in ws[4]]
    assert row[2] == "=鹿山社区生猪养殖场" and ws.cell(row=4, column=3).data_type == "s"  # never a formula
    assert row[6:9] == [20000, 12000.5, 7999.5]
    assert row[10] == "已退出，追偿中"


def test_the_office_writes_off_on_the_case_page(make_project, personas, party_meeting, county_meeting, as_user):
    case = walk_exit(personas, party_meeting, county_meeting, make_project(**INSUFFICIENT), amount="100.00")
    alice_page = as_user(personas["alice"]).get(reverse("approvals:exit_case", args=[case.pk])).content.decode()
    assert "核销（县领导小组办公室）" not in alice_page
    client = as_user(personas["olga"])
    r = client.post(reverse("approvals:recovery_write_off", args=[case.pk]), {"reason": ""}, follow=True)
    assert r.status_code == 200 and "理由" in r.content.decode()
    client.post(reverse("approvals:recovery_write_off", args=[case.pk]), {"reason": "合作社已注销"})
    case.refresh_from_db()
    assert case.status == Status.WRITTEN_OFF
