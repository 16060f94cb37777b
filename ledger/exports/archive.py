"""附件6 归档目录: the catalogue of a unit's archive, each item's state worked out from
the records, and the archive package (one .zip, filed by item).

Documents come from the `archive_documents` extension point (ledger/extensions.py): a
source is a function `(unit) -> list[ArchiveDocument]`. The ledger registers the tables
the system produces (items 2–3) and the uploaded contracts (item 5) in
`LedgerConfig.ready()`; the approvals fill the point with theirs (item 1, the forms as
filed and their sealed pages; minutes, decisions, notices). Item 1 is never regenerated
from today's projects: what was signed is the form as filed. An item with no document, or
one a source reports at `archive_gaps`, is missing (缺).
"""

import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from io import BytesIO
from typing import IO, BinaryIO

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from ledger import extensions, xlsx
from ledger.choices import ManagingLevel, UnitKind
from ledger.exports.ledger_xlsx import write_ledger
from ledger.exports.scope import Scope, scope_for_unit
from ledger.exports.statistics import write_statistics
from ledger.extensions import ArchiveDocument, ArchiveItem
from ledger.models import Project, Unit
from ledger.models.documents import DocumentKind, ProjectDocument

TITLE_OF = "{county}经营性帮扶产业项目“四个一批”归档目录"
TITLE = TITLE_OF.format(county="彭水自治县")
LEDGER_KINDS: list[tuple[str, str]] = [
    (ManagingLevel.DEPARTMENT, "行业部门主管项目台账"),
    (ManagingLevel.TOWNSHIP, "乡镇(街道)主管项目台账"),
    (ManagingLevel.VILLAGE, "村本级主管和实施项目台账"),
]
# The folder of each item in the package.
FOLDERS = {
    ArchiveItem.FORMS: "分类及处置措施审批表",
    ArchiveItem.STATISTICS: "分类统计表",
    ArchiveItem.LEDGER: "管理台账",
    ArchiveItem.MINUTES: "会议纪要",
    ArchiveItem.CONTRACTS: "项目协议书或合同书",
    ArchiveItem.OTHER: "批复和项目地公告等其他材料",
}
# (item no, 归档内容, folder name)
ITEMS = [(item.value, item.label, FOLDERS[item]) for item in ArchiveItem]
# Which kinds of ledger a unit keeps: a department its own projects; a township those it
# manages and its villages' own; a village its own; the county all three.
UNIT_LEDGER_KINDS = {
    UnitKind.DEPARTMENT: {ManagingLevel.DEPARTMENT},
    UnitKind.TOWNSHIP: {ManagingLevel.TOWNSHIP, ManagingLevel.VILLAGE},
    UnitKind.VILLAGE: {ManagingLevel.VILLAGE},
}


class ItemState(models.TextChoices):
    """The state of a catalogue item, written in its 备注 column."""

    PRESENT = "present", "已归档"
    MISSING = "missing", "缺"
    NOT_APPLICABLE = "not_applicable", "不适用"


def archive_documents(unit: Unit | None) -> list[ArchiveDocument]:
    """Every document of the unit's archive, from the sources at the `archive_documents`
    point in the order they were registered (the ledger's own first)."""
    return [doc for source in extensions.archive_documents for doc in source(unit)]


def archive_gaps(unit: Unit | None) -> set[tuple[int, str]]:
    """The (item, ledger kind) pairs a source reports incomplete (`archive_gaps`)."""
    return {gap for source in extensions.archive_gaps for gap in source(unit)}


def kinds_of(unit: Unit | None) -> set[str]:
    if unit is None or unit.kind not in UNIT_LEDGER_KINDS:
        return {k for k, _ in LEDGER_KINDS}
    return set(UNIT_LEDGER_KINDS[UnitKind(unit.kind)])


def kinds_with_projects(scope: Scope, unit: Unit | None) -> dict[str, int]:
    """Project counts by managing level within the unit's ledger kinds (one query)."""
    counts = scope.projects.order_by().aggregate(
        **{k: Count("pk", filter=Q(managing_level=k)) for k, _ in LEDGER_KINDS}
    )
    return {k: counts[k] for k in kinds_of(unit) if counts[k]}


def _stamp() -> str:
    return f"{timezone.localdate():%Y-%m}"


def safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\r\n\t]+', "_", text).strip() or "文件"


# ---- the ledger's own sources (registered in LedgerConfig.ready()) ----------------------
Writer = Callable[[BinaryIO, QuerySet[Project]], object]


def _written(write: Writer, projects: QuerySet[Project]) -> Callable[[], IO[bytes]]:
    """A table of `projects`, written only when the document is opened."""

    def open_fn() -> IO[bytes]:
        buf = BytesIO()
        write(buf, projects)
        buf.seek(0)
        return buf

    return open_fn


def opener(field: FieldFile) -> Callable[[], IO[bytes]]:
    """A stored file, opened from storage when the package copies it."""
    name = str(field.name)
    return lambda: field.storage.open(name, "rb")


def system_tables(unit: Unit | None) -> list[ArchiveDocument]:
    """Items 2–3: the statistics table and the ledger, per ledger kind."""
    scope = scope_for_unit(unit)
    tables: list[tuple[ArchiveItem, str, Writer]] = [
        (
            ArchiveItem.STATISTICS,
            "分类统计表",
            partial(
                write_statistics,
                unit_name=scope.unit_name,
                group_by=scope.group_by,
                township=scope.township,
                county=scope.county,
            ),
        ),
        (
            ArchiveItem.LEDGER,
            "管理台账",
            partial(write_ledger, unit_name=scope.unit_name, county_name=scope.county_name),
        ),
    ]
    name, month = safe_name(scope.unit_name), _stamp()
    out: list[ArchiveDocument] = []
    for kind in kinds_with_projects(scope, unit):
        projects = scope.projects.filter(managing_level=kind)
        out += [
            ArchiveDocument(item, kind, f"{title}_{name}_{month}.xlsx", _written(write, projects))
            for item, title, write in tables
        ]
    return out


def contracts(unit: Unit | None) -> list[ArchiveDocument]:
    """Item 5: the agreements and contracts uploaded with the unit's projects."""
    scope = scope_for_unit(unit)
    kinds = kinds_of(unit)
    docs = ProjectDocument.objects.filter(
        project__in=scope.projects.filter(managing_level__in=kinds).values("pk"), kind=DocumentKind.CONTRACT
    ).select_related("project")
    return [
        ArchiveDocument(
            ArchiveItem.CONTRACTS,
            d.project.managing_level,
            safe_name(f"{d.project.number}_{d.project.name}_{d.original_name}"),
            opener(d.file),
        )
        for d in docs
    ]


# ---- the catalogue ---------------------------------------------------------------
@dataclass
class CatalogueRow:
    number: int  # 序号 1–18
    kind: str
    kind_label: str
    item_no: int
    content: str
    folder: str
    state: ItemState
    documents: list[ArchiveDocument]

    @property
    def note(self) -> str:
        if self.state == ItemState.PRESENT:
            return f"{self.state.label}（{len(self.documents)}份）"
        return str(self.state.label)


def catalogue(unit: Unit | None, documents: list[ArchiveDocument] | None = None) -> list[CatalogueRow]:
    """The 18 rows, each with its state: not applicable when the unit keeps no ledger of
    that kind (or has no project of it), present when a document is filed and no source
    reports the item incomplete, else missing."""
    documents = archive_documents(unit) if documents is None else documents
    applicable = kinds_with_projects(scope_for_unit(unit), unit)
    gaps = archive_gaps(unit)
    rows = []
    for k, (kind, kind_label) in enumerate(LEDGER_KINDS):
        for item_no, content, folder in ITEMS:
            docs = [d for d in documents if d.item_no == item_no and d.ledger_kind == kind]
            if kind not in applicable:
                state = ItemState.NOT_APPLICABLE
            elif docs and (item_no, kind) not in gaps:
                state = ItemState.PRESENT
            else:
                state = ItemState.MISSING
            rows.append(CatalogueRow(k * 6 + item_no, kind, kind_label, item_no, content, folder, state, docs))
    return rows


def write_catalogue(
    out: BinaryIO, unit: Unit | None, rows: list[CatalogueRow] | None = None, updated: date | None = None
) -> None:
    rows = catalogue(unit) if rows is None else rows
    wb = xlsx.workbook(out, constant_memory=False)
    st = xlsx.styles(wb)
    ws = wb.add_worksheet("归档目录")
    for col, width in enumerate([6, 22, 50, 18]):
        ws.set_column(col, col, width)
    ws.set_row(0, 30)
    scope = scope_for_unit(unit)
    ws.merge_range(0, 0, 0, 3, TITLE_OF.format(county=scope.county_name), st.title)
    unit_name = scope.unit_name
    ws.merge_range(
        1,
        0,
        1,
        3,
        xlsx.info_line([("归档单位", unit_name), ("更新时间", xlsx.date_text(updated or timezone.localdate()))]),
        st.info,
    )
    for col, label in enumerate(["序号", "各级台账", "归档内容", "备注"]):
        ws.write_string(2, col, label, st.header)
    for i, r in enumerate(rows):
        row = 3 + i
        ws.set_row(row, 22)
        xlsx.put(ws, row, 0, r.number, st.integer)
        if r.item_no == 1:
            ws.merge_range(row, 1, row + len(ITEMS) - 1, 1, r.kind_label, st.center)
        xlsx.put(ws, row, 2, r.content, st.text)
        xlsx.put(ws, row, 3, r.note, st.center)
    ws.repeat_rows(2)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()


def folder_of(row: CatalogueRow) -> str:
    k = [kind for kind, _ in LEDGER_KINDS].index(row.kind) + 1
    return f"{k:02d}_{row.kind_label}/{row.item_no:02d}_{row.folder}"


# Each member is copied into the package in chunks of this size: the package takes the
# same memory whatever the size of the files it holds.
CHUNK = 1024 * 1024
Progress = Callable[[int, int], object]


def write_archive(out: BinaryIO, unit: Unit | None, progress: Progress | None = None) -> list[str]:
    """The archive package: 00_归档目录.xlsx and every document in the folder of its
    catalogue item. Returns the names written. Each document is opened, copied into the
    zip in chunks and closed before the next one (constant memory when `out` is a file);
    `progress(done, total)` is called after each document."""
    rows = catalogue(unit)
    total = sum(len(row.documents) for row in rows) + 1
    names = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        buf = BytesIO()
        write_catalogue(buf, unit, rows)
        zf.writestr("00_归档目录.xlsx", buf.getvalue())
        names.append("00_归档目录.xlsx")
        for row in rows:
            used: set[str] = set()
            for doc in row.documents:
                name, n = safe_name(doc.filename), 1
                while name in used:
                    n += 1
                    stem, dot, ext = safe_name(doc.filename).rpartition(".")
                    name = f"{stem}_{n}.{ext}" if dot else f"{name}_{n}"
                used.add(name)
                path = f"{folder_of(row)}/{name}"
                with doc.open_fn() as src, zf.open(path, "w", force_zip64=True) as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
                names.append(path)
                if progress:
                    progress(len(names), total)
    return names
