"""附件1–3 分类及处置措施申请表 as a workbook, one sheet per project: the form's boxes as
ledger.paper lays them out. A project's sheet shows its current facts and says so; the
form as filed (with its opinions) is written by `write_paper_form`."""

from collections.abc import Callable, Iterable, Sized
from typing import BinaryIO

from django.db.models import QuerySet
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ledger import xlsx
from ledger.models import Project
from ledger.paper import DATE_BLANK, NOT_AN_APPLICATION, SEAL, Opinion, PaperForm, paper_form

WIDTHS = [14, 30, 14, 30]  # label, value, second label, second value (character units)
BOX = 22.0  # the least height of a box, in points
TALL_BOX = 80.0  # the least height of the 处置措施 box, room to write by hand
OPINION_BOX = 96.0  # an opinion box: room for the text, the seal and the date
# Points of rows printed on one A4 page at no less than about two thirds of full size
# (the page holds about 740 pt between the margins).
ONE_PAGE = 1100.0
FORM_FOOTER = "&C第 &P 页"
TITLE_SIZE = 15
SUBTITLE_SIZE = 12


def _sheet_name(p: Project, used: set[str]) -> str:
    base = "".join(ch for ch in p.number if ch not in "[]:*?/\\'")[:31] or f"项目{p.pk}"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:27]}_{n}"
    used.add(name)
    return name


class _Rows:
    """The rows of one form's sheet, top to bottom, and their height so far."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws, self.next, self.height = ws, 0, 0.0

    def take(self, height: float) -> tuple[int, int]:
        """The next rows, given `height` points between them (one row, or several for a
        box taller than one row may be); returns (first, last)."""
        first = self.next
        for h in xlsx.split_height(height):
            self.ws.set_row(self.next, h)
            self.height += h
            self.next += 1
        return first, self.next - 1


def _write_boxes(rows: _Rows, st: xlsx.Styles, form: PaperForm) -> None:
    """The form's boxes, each as tall as its text."""
    ws = rows.ws
    label_w, value_w, label2_w, value2_w = WIDTHS
    for r in form.boxes:
        if r.label2:
            cells = [(r.label, label_w), (r.value, value_w), (r.label2, label2_w), (r.value2, value2_w)]
        else:
            cells = [(r.label, label_w), (r.value, value_w + label2_w + value2_w)]
        first, last = rows.take(max(xlsx.needed_height(cells), TALL_BOX if r.tall else BOX))
        _merge(ws, first, 0, last, 0, r.label, st.header)
        if r.label2:
            _merge(ws, first, 1, last, 1, r.value, st.text)
            _merge(ws, first, 2, last, 2, r.label2, st.header)
            _merge(ws, first, 3, last, 3, r.value2, st.text)
        else:
            _merge(ws, first, 1, last, 3, r.value, st.text)


def _merge(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int, value: str, fmt) -> None:
    """One box over a range of cells (or one cell), its text written as a string."""
    if (first_row, first_col) != (last_row, last_col):
        ws.merge_range(first_row, first_col, last_row, last_col, "", fmt)
    xlsx.put(ws, first_row, first_col, value, fmt)


def write_form_sheet(
    wb: Workbook, st: xlsx.Styles, fmt: dict[str, Format], form: PaperForm, name: str, note: str = ""
) -> None:
    ws = wb.add_worksheet(name)
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    rows = _Rows(ws)
    rows.take(xlsx.fit_height([(form.variant, WIDTHS[0]), (note, sum(WIDTHS[1:]))]))
    if note:
        ws.merge_range(0, 1, 0, 3, note, st.info)
    ws.write_string(0, 0, form.variant, st.info)
    first, _ = rows.take(xlsx.fit_height([(form.title, sum(WIDTHS))], font_size=TITLE_SIZE, minimum=40))
    ws.merge_range(first, 0, first, 3, form.title, fmt["title"])
    subtitle = f"（{form.subtitle}）"
    first, _ = rows.take(xlsx.fit_height([(subtitle, sum(WIDTHS))], font_size=SUBTITLE_SIZE))
    ws.merge_range(first, 0, first, 3, subtitle, fmt["subtitle"])
    _write_boxes(rows, st, form)
    for o in form.opinions:
        text = _opinion_text(o)
        cells = [(o.label, WIDTHS[0]), (text, sum(WIDTHS[1:]))]
        first, last = rows.take(max(xlsx.needed_height(cells), OPINION_BOX))
        _merge(ws, first, 0, last, 0, o.label, st.header)
        _merge(ws, first, 1, last, 3, text, fmt["opinion"])
    ws.set_portrait()
    ws.set_paper(9)  # A4
    # One page, as the paper form is; a form whose text would have to shrink below about
    # two thirds of its size to fit goes on to further pages at full width instead.
    one_page = rows.height <= ONE_PAGE
    ws.fit_to_pages(1, 1 if one_page else 0)
    if not one_page:
        # numbered within the form: a workbook of forms prints many sheets in one go
        ws.set_start_page(1)
        ws.set_footer(FORM_FOOTER)
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
                "font_size": TITLE_SIZE,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        ),
        "subtitle": wb.add_format({"font_name": xlsx.FONT, "font_size": SUBTITLE_SIZE, "align": "center"}),
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


def write_forms(
    out: BinaryIO, projects: Iterable[Project], progress: Callable[[int, int], object] | None = None
) -> int:
    """One sheet per project (a queryset is streamed); returns the number of sheets.
    `progress(done, total)` is called every 50 sheets."""
    # Many small sheets: kept in memory, since constant_memory holds a temporary file open
    # per sheet.
    wb = xlsx.workbook(out, constant_memory=False)
    st = xlsx.styles(wb)
    fmt = _formats(wb)
    used: set[str] = set()
    if isinstance(projects, QuerySet):
        projects = projects.select_related("county")  # each form's title names its county
    rows = projects.iterator(chunk_size=2000) if hasattr(projects, "iterator") else projects
    count = 0
    total = 0
    if progress and isinstance(projects, QuerySet):
        total = projects.count()
    elif progress and isinstance(projects, Sized):
        total = len(projects)
    for p in rows:
        write_form_sheet(wb, st, fmt, paper_form(p), _sheet_name(p, used), note=NOT_AN_APPLICATION)
        count += 1
        if progress and count % 50 == 0:
            progress(count, total)
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
