import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ledger import extensions
from ledger.exports.archive import ArchiveDocument, catalogue, write_archive, write_catalogue
from ledger.models import ProjectDocument
from tests.conftest import PASSWORD, run_job

from .conftest import open_xlsx

pytestmark = pytest.mark.stored_files  # on disk and on an in-memory storage (D123)

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def minutes_provider():
    def provider(unit):
        return [ArchiveDocument(4, "township", "会议纪要_2026-11-20.pdf", lambda: BytesIO(PDF))]

    extensions.archive_documents.register(provider)
    yield provider
    extensions.archive_documents.unregister(provider)


def states(unit) -> dict:
    return {(r.kind, r.item_no): r.state for r in catalogue(unit)}


def test_township_catalogue_states(make_project, places, minutes_provider):
    make_project()  # village-level
    make_project(village=None, managing_level="township", managing_unit=places["baojia_unit"])
    rows = catalogue(places["baojia_unit"])
    assert len(rows) == 18 and [r.number for r in rows] == list(range(1, 19))
    s = states(places["baojia_unit"])
    assert all(s[("department", i)] == "not_applicable" for i in range(1, 7))
    # item 1 is the forms as filed (the approvals'): none filed yet, so missing
    assert [s[("township", i)] for i in range(1, 7)] == ["missing", "present", "present", "present"] + ["missing"] * 2
    assert [s[("village", i)] for i in range(1, 7)] == ["missing", "present", "present"] + ["missing"] * 3


def test_department_keeps_only_its_kind(make_project, places):
    make_project(managing_level="department", managing_unit=places["agri"])
    s = states(places["agri"])
    assert s[("department", 3)] == "present" and s[("department", 5)] == "missing"
    assert s[("township", 1)] == s[("village", 1)] == "not_applicable"


def test_package_files_documents_by_item(make_project, places, personas, minutes_provider):
    p = make_project(managing_level="township", village=None, managing_unit=places["baojia_unit"])
    ProjectDocument.objects.create(
        project=p,
        kind="contract",
        original_name="合同.pdf",
        content_type="application/pdf",
        size=len(PDF),
        file=SimpleUploadedFile("c.pdf", PDF),
    )
    buf = BytesIO()
    write_archive(buf, places["baojia_unit"])
    zf = zipfile.ZipFile(BytesIO(buf.getvalue()))
    names = set(zf.namelist())
    month = __import__("django.utils.timezone", fromlist=["x"]).localdate().strftime("%Y-%m")
    assert "00_归档目录.xlsx" in names
    assert f"02_乡镇(街道)主管项目台账/03_管理台账/管理台账_保家镇人民政府_{month}.xlsx" in names
    assert not any("/01_分类及处置措施审批表/" in n for n in names)  # never regenerated from today's projects
    assert "02_乡镇(街道)主管项目台账/04_会议纪要/会议纪要_2026-11-20.pdf" in names
    contract = f"02_乡镇(街道)主管项目台账/05_项目协议书或合同书/{p.number}_{p.name}_合同.pdf"
    assert zf.read(contract) == PDF
    assert not any(n.startswith("01_") for n in names)
    ledger = open_xlsx(zf.read(f"02_乡镇(街道)主管项目台账/03_管理台账/管理台账_保家镇人民政府_{month}.xlsx")).active
    assert ledger.cell(5, 3).value == p.number
    cat = open_xlsx(zf.read("00_归档目录.xlsx")).active
    assert [cat.cell(3, c).value for c in range(1, 5)] == ["序号", "各级台账", "归档内容", "备注"]
    assert cat.cell(4, 4).value == "不适用" and cat.cell(14, 4).value == "已归档（1份）"
    assert cat.cell(15, 4).value == "缺"
    assert "B4:B9" in {str(r) for r in cat.merged_cells.ranges}


def test_export_archive_command(tmp_path, make_project, places):
    make_project(managing_level="department", managing_unit=places["agri"])
    out = tmp_path / "a.zip"
    call_command("export_archive", "--out", str(out), "--unit", "NYNCW")
    names = zipfile.ZipFile(out).namelist()
    assert any(n.startswith("01_行业部门主管项目台账/03_管理台账/管理台账_县农业农村委_") for n in names)


def test_archive_page_and_downloads(client, personas, make_project, job_media):
    make_project()
    client.login(username="alice", password=PASSWORD)
    page = client.get(reverse("archive")).content.decode()
    assert "村本级主管和实施项目台账" in page and "不适用" in page and "缺" in page
    job, data = run_job(client, reverse("archive_package"))
    assert job.status == "done"
    assert "00_归档目录.xlsx" in zipfile.ZipFile(BytesIO(data)).namelist()
    r = client.get(reverse("archive_catalogue"))
    assert open_xlsx(b"".join(r.streaming_content)).active.max_row == 3 + 18


def test_catalogue_xlsx_writes_18_rows(county):
    buf = BytesIO()
    write_catalogue(buf, None)
    ws = open_xlsx(buf.getvalue()).active
    assert [ws.cell(4 + i, 1).value for i in range(18)] == list(range(1, 19))
