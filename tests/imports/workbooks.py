"""Workbooks built in the tests: national-export variants and the 附件5 ledger layout."""

import io
from pathlib import Path

import openpyxl

SAMPLE = Path(__file__).parent / "data" / "national_export_sample.xlsx"

LEDGER_HEADER_TOP = [
    "序号",
    "项目名称",
    "项目编号",
    "实施年度",
    "四个一批分类",
    "责任单位",
    "责任人及联系电话",
    "产业类型",
    "投资规模（万元）",
    None,
    None,
    "建设内容",
    "项目地点",
    "运营模式",
    "项目现值",
    None,
    None,
    None,
    "项目现状",
    None,
    None,
    None,
    None,
    "联农带农情况",
    None,
    "处置整改措施",
    "处置整改进展情况",
    "备注",
]
LEDGER_HEADER_SUB = (
    [None] * 8
    + ["小计", "专项资金", "其他资金"]
    + [None] * 3
    + [
        "结余资金",
        "待收待返资金",
        "资产估值",
        "其他",
        "功能现状",
        "使用现状",
        "生产经营情况",
        "存在问题",
        "原因分析",
        "发挥联农带农作用",
        "未充分发挥联农带农作用原因",
    ]
    + [None] * 3
)
LEDGER_MERGES = ["I3:K3", "O3:R3", "S3:W3", "X3:Y3"] + [f"{c}3:{c}4" for c in "ABCDEFGHLMNZ"] + ["AA3:AA4", "AB3:AB4"]


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
):
    return [
        n,
        name,
        number,
        year,
        cls,
        "保家镇人民政府",
        person,
        "种植业",
        total,
        special,
        other,
        "种茶100亩",
        place,
        "委托经营",
        "1.5",
        "0",
        "60",
        "0",
        "正常",
        "在用",
        status,
        problems,
        reasons,
        linkage,
        linkage_reasons,
        "完善利益联结",
        "进行中",
        "",
    ]


def ledger_workbook(rows) -> bytes:
    top = [
        ["彭水自治县经营性帮扶产业项目“四个一批”管理台账"] + [None] * 27,
        ["填报单位：保家镇人民政府    审核人：    填报人及联系电话：    更新时间：2026年11月20日"] + [None] * 27,
        LEDGER_HEADER_TOP,
        LEDGER_HEADER_SUB,
    ]
    notes = [
        [None] * 28,
        ["填表说明：1.运营模式：自主经营/委托经营/租赁/合作发展(入股)/股权投资/其他"] + [None] * 27,
        ["2.功能现状：正常/损坏/灭失"] + [None] * 27,
    ]
    return xlsx(top + rows + notes, ["A1:AB1", "A2:AB2", *LEDGER_MERGES])
