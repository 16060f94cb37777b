"""附件1–3 分类及处置措施申请表 as a workbook, one sheet per project: the form's boxes as
ledger.paper lays them out. A project's sheet shows its current facts and says so; the
form as filed (with its opinions) is written by `write_paper_form`."""

from collections.abc import Iterable
from typing import BinaryIO

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ledger import xlsx
from ledger.models import Project
from ledger.paper import DATE_BLANK, NOT_AN_APPLICATION, SEAL, Opinion, PaperForm, paper_form

WIDTHS = [14, 30, 14, 30]


def _sheet_name(p: Project, used: set[str]) -> str:
    base = "".join(ch for ch in p.number if ch not in "[]:*?/\\'")[:31] or f"项目{p.pk}"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:27]}_{n}"
    used.add(name)
    return name


def _write_boxes(ws: Worksheet, st: xlsx.Styles, form: PaperForm, row: int) -> int:
    """The form's boxes from `row` on; returns the row below them."""
    for r in form.boxes:
        lines = max(r.value.count("\n") + 1, 2 if len(r.value) > 40 else 1)
        ws.set_row(row, max(22, 16 * lines + 6) if not r.tall else 80)
        xlsx.put(ws, row, 0, r.label, st.header)
        if r.label2:
            xlsx.put(ws, row, 1, r.value, st.text)
            xlsx.put(ws, row, 2, r.label2, st.header)
            xlsx.put(ws, row, 3, r.value2, st.text)
        else:
            ws.merge_range(row, 1, row, 3, "", st.text)
            xlsx.put(ws, row, 1, r.value, st.text)
        row += 1
    return row


def write_form_sheet(
    wb: Workbook, st: xlsx.Styles, fmt: dict[str, Format], form: PaperForm, name: str, note: str = ""
) -> None:
    ws = wb.add_worksheet(name)
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    if note:
        ws.merge_range(0, 1, 0, 3, note, st.info)
    ws.write_string(0, 0, form.variant, st.info)
    ws.set_row(1, 40)
    ws.merge_range(1, 0, 1, 3, form.title, fmt["title"])
    ws.merge_range(2, 0, 2, 3, f"（{form.subtitle}）", fmt["subtitle"])
    row = _write_boxes(ws, st, form, 3)
    for o in form.opinions:
        ws.set_row(row, 96)
        xlsx.put(ws, row, 0, o.label, st.header)
        ws.merge_range(row, 1, row, 3, "", fmt["opinion"])
        ws.write_string(row, 1, _opinion_text(o), fmt["opinion"])
        row += 1
    ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 1)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.center_horizontally()


def _opinion_text(o: Opinion) -> str:
    """An opinion box: blank with room for the seal, or the opinion given in it."""
    if not o.unit:
        return f"\n\n\n{SEAL}　　　　\n{DATE_BLANK}"
    return f"{o.text}\n\n{o.unit}（{SEAL}）\n签署人：{o.signer}\n{o.signed_on}"


def _formats(wb: Workbook) -> dict[str, Format]:
    return {
        "title": wb.add_format(
            {
                "font_name": xlsx.FONT,
                "font_size": 15,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        ),
        "subtitle": wb.add_format({"font_name": xlsx.FONT, "font_size": 12, "align": "center"}),
        "opinion": wb.add_format(
            {
                "font_name": xlsx.FONT,
                "font_size": 10,
                "border": 1,
                "text_wrap": True,
                "align": "right",
                "valign": "bottom",
            }
        ),
    }


def write_forms(out: BinaryIO, projects: Iterable[Project]) -> int:
    """One sheet per project (a queryset is streamed); returns the number of sheets."""
    # Many small sheets: kept in memory, since constant_memory holds a temporary file open
    # per sheet.
    wb = xlsx.workbook(out, constant_memory=False)
    st = xlsx.styles(wb)
    fmt = _formats(wb)
    used: set[str] = set()
    rows = projects.iterator(chunk_size=2000) if hasattr(projects, "iterator") else projects
    count = 0
    for p in rows:
        write_form_sheet(wb, st, fmt, paper_form(p), _sheet_name(p, used), note=NOT_AN_APPLICATION)
        count += 1
    if count == 0:
        ws = wb.add_worksheet("申请表")
        ws.write_string(0, 0, "没有项目。")
    wb.close()
    return count


def write_paper_form(out: BinaryIO, form: PaperForm, name: str, note: str = "") -> None:
    """One form already laid out (an application as filed, with its opinions), one sheet;
    `note` says which filing it is."""
    wb = xlsx.workbook(out, constant_memory=False)
    sheet = "".join(ch for ch in name if ch not in "[]:*?/\\'")[:31] or "申请表"
    write_form_sheet(wb, xlsx.styles(wb), _formats(wb), form, sheet, note=note)
    wb.close()
