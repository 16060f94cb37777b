"""The archive package (附件6) of the approvals: item 1 holds each application's form as
filed (PDF, from its frozen copy) and the scans of its sealed pages; item 4 the minutes;
item 6 the 批复 and the 公告 as PDF. Item 1 is 已归档 only when every filed application
has its copy."""

import zipfile
from io import BytesIO

import pypdf
import pytest

from approvals.archive import approval_documents
from approvals.models import ApplicationCopy
from ledger.exports.archive import catalogue, write_archive
from ledger.extensions import ArchiveItem
from ledger.models import Project

pytestmark = pytest.mark.stored_files  # on disk and on an in-memory storage (D123)

KIND = "03_村本级主管和实施项目台账"


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(data)).pages)


def test_package_files_the_forms_as_filed_seals_and_minutes(effective, level_project, places):
    project = level_project("village", "upgrade")
    app = effective(project)
    Project.objects.filter(pk=project.pk).update(measures="今天改过的措施")
    buf = BytesIO()
    write_archive(buf, places["baojia_unit"])
    zf = zipfile.ZipFile(BytesIO(buf.getvalue()))
    names = zf.namelist()
    prefix = f"{KIND}/01_分类及处置措施审批表/{project.number}_{project.name}_第1次分类"

    form = f"{prefix}_审批表_第1次报送.pdf"
    assert form in names
    text = pdf_text(zf.read(form))
    assert "补齐加工短板" in text and "今天改过的措施" not in text
    assert "经党委会研究同意报送" in text  # the township's opinion in its box

    seals = [n for n in names if n.startswith(f"{prefix}_盖章页_")]
    assert len(seals) == app.opinions.exclude(seal="").count() == 2  # village and township
    assert all(n.endswith(".png") for n in seals)

    minutes = [n for n in names if n.startswith(f"{KIND}/04_会议纪要/会议纪要_")]
    # the township's party committee's; the county meeting's minutes (every unit's decisions)
    # stay in the county's archive, the unit has its 批复 (item 6)
    assert len(minutes) == 1 and minutes[0].endswith(".pdf") and "县领导小组" not in minutes[0]
    county_minutes = [d for d in approval_documents(None) if d.item_no == ArchiveItem.MINUTES]
    assert len(county_minutes) == 2  # the county's archive: party and county meetings

    other = [n for n in names if n.startswith(f"{KIND}/06_批复和项目地公告等其他材料/")]
    letter = next(n for n in other if "/批复_彭巩固专办〔2023〕1号_保家镇人民政府_" in n)
    notice = next(n for n in other if "/公告_" in n)
    assert letter.endswith(".pdf") and notice.endswith(".pdf")
    assert not any(n.endswith(".html") for n in names)
    assert project.name in "".join(pdf_text(zf.read(notice)).split())  # a narrow cell may wrap the name

    item1 = next(r for r in catalogue(places["baojia_unit"]) if r.kind == "village" and r.item_no == 1)
    assert item1.state == "present" and len(item1.documents) == 3


def test_item_1_is_missing_while_a_filed_application_has_no_copy(to_county, level_project, places):
    first = to_county(level_project("village"))
    to_county(level_project("village"))
    ApplicationCopy.objects.filter(application=first).delete()  # filed before copies were kept
    item1 = next(r for r in catalogue(places["baojia_unit"]) if r.kind == "village" and r.item_no == 1)
    assert item1.documents and item1.state == "missing"
