"""A small national export (十一) imported by the county bureau through the real import
engine: its projects arrive pushed to their township and not surveyed, as they do in
production. The approvals' demo then surveys one of them and walks it to re-classification."""

import io

import openpyxl

from ledger.imports.engine import batch_create, import_commit, import_preview
from ledger.models import Division, Project, User
from ledger.models.imports import ImportSource

HEADER = [
    "乡镇",
    "村",
    "项目编号",
    "项目名称",
    "投资金额（万元）",
    "衔接资金（万元）",
    "社会扶贫资金（万元）",
    "主管部门",
    "责任人",
    "联系电话",
    "资产类型",
    "年度",
]
# (name, total, 衔接资金, 社会扶贫资金) in 万元; no 主管部门: managed by the township
ROWS = [
    ("食用菌种植大棚项目", "60", "50", "10"),
    ("农产品初加工车间项目", "80", "70", "10"),
]
FILENAME = "全国防止返贫监测系统导出（演示）.xlsx"


def imported_numbers(village: Division) -> list[str]:
    return [f"{village.code[:6]}2024{9000 + i:06d}" for i in range(1, len(ROWS) + 1)]


def seed_imported(*, by: User, village: Division) -> list[Project]:
    """Import the demo export (once): its projects lie in `village`, managed by its township."""
    numbers = imported_numbers(village)
    if not Project.objects.filter(number__in=numbers).exists():
        assert village.parent is not None, "a village lies in a township"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(HEADER)
        for number, (name, total, linkage, social) in zip(numbers, ROWS, strict=True):
            place = [village.parent.name, village.short_name, number, f"{village.short_name}{name}"]
            ws.append([*place, total, linkage, social, "", "李建华", "13908270000", "经营性资产", "2024"])
        out = io.BytesIO()
        wb.save(out)
        data = out.getvalue()
        preview = import_preview(data=data, filename=FILENAME, source=ImportSource.NATIONAL)
        batch = batch_create(by=by, source=ImportSource.NATIONAL, filename=FILENAME, content=data, preview=preview)
        import_commit(batch=batch, by=by)
    return list(Project.objects.filter(number__in=numbers).order_by("number"))
