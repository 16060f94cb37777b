"""Workbooks built in the tests: national-export variants and the 附件5 ledger layout
(its columns as ledger.ledger_columns declares them)."""

import io
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from ledger.ledger_columns import LEDGER_COLUMNS, TOTAL_CHECK

SAMPLE = Path(__file__).parent / "data" / "national_export_sample.xlsx"


def _ledger_head() -> tuple[list, list, list[str]]:
    """The two header rows of 附件5 as the column table lays them out, and their merges:
    a group over its columns, a column without a group over both rows."""
    top, sub, merges, start = [], [], [], 0
    for i, column in enumerate(LEDGER_COLUMNS):
        letter = get_column_letter(i + 1)
        if column.group is None:
            top.append(column.header)
            sub.append(None)
            merges.append(f"{letter}3:{letter}4")
            continue
        first = i == 0 or LEDGER_COLUMNS[i - 1].group != column.group
        start = i if first else start
        top.append(column.group if first else None)
        sub.append(column.header)
        if i + 1 == len(LEDGER_COLUMNS) or LEDGER_COLUMNS[i + 1].group != column.group:
            merges.append(f"{get_column_letter(start + 1)}3:{letter}3")
    return top, sub, merges


LEDGER_HEADER_TOP, LEDGER_HEADER_SUB, LEDGER_MERGES = _ledger_head()
WIDTH = len(LEDGER_COLUMNS)


def xlsx(rows, merges=()) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for m in merges:
        ws.merge_cells(m)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ledger_row(
    n,
    name,
    number,
    year=2022,
    cls="巩固",
    place="保家镇",
    total="100",
    special="80",
    other="20",
    status="经营正常",
    problems="",
    reasons="",
    linkage="是",
    linkage_reasons="",
    person="张三 13912345678",
    progress="进行中",
    use="在用",
):
    """One row of a ledger a clerk filled in, in the column table's order."""
    cells = {
        "name": name,
        "number": number,
        "year": year,
        "classification": cls,
        "responsible_unit": "保家镇人民政府",
        "responsible_both": person,
        "industry_type": "种植业",
        TOTAL_CHECK: total,
        "fund1_central": special,
        "fund2_central": other,
        "construction_content": "种茶100亩",
        "location": place,
        "operation_mode": "委托经营",
        "pv_cash": "1.5",
        "pv_receivable": "0",
        "pv_assets": "60",
        "pv_other": "0",
        "functional_state": "正常",
        "use_state": use,
        "production_status": status,
        "problems": problems,
        "reasons": reasons,
        "linkage": linkage,
        "linkage_reasons": linkage_reasons,
        "measures": "完善利益联结",
        "ledger_progress": progress,
        "remarks": "",
    }
    return [cells[column.target] if column.target else n for column in LEDGER_COLUMNS]


def ledger_workbook(rows, head=(LEDGER_HEADER_TOP, LEDGER_HEADER_SUB)) -> bytes:
    top = [
        ["彭水自治县经营性帮扶产业项目“四个一批”管理台账"] + [None] * (WIDTH - 1),
        ["填报单位：保家镇人民政府    审核人：    填报人及联系电话：    更新时间：2026年11月20日"]
        + [None] * (WIDTH - 1),
        *head,
    ]
    notes = [
        [None] * WIDTH,
        ["填表说明：1.运营模式：自主经营/委托经营/租赁/合作发展(入股)/股权投资/其他"] + [None] * (WIDTH - 1),
        ["2.功能现状：正常/损坏/灭失"] + [None] * (WIDTH - 1),
    ]
    last = get_column_letter(WIDTH)
    return xlsx(top + rows + notes, [f"A1:{last}1", f"A2:{last}2", *LEDGER_MERGES])
