"""Which target field each source column feeds: the known header names (synonyms) of
each source format, the guess made from them, and the mappings users have saved."""

import hashlib

from django.conf import settings
from django.db.models import Q

from ledger.access import county_of
from ledger.choices import FUND_PARTS, PART_LABELS, PRESENT_VALUE_FIELDS
from ledger.imports.reader import Column, bare
from ledger.ledger_columns import LEDGER_COLUMNS, TOTAL_CHECK
from ledger.models import County, User
from ledger.models.imports import ImportMapping, ImportSource

IGNORE = ""

# Every target a column can feed (code → Chinese label), in the order of the form.
FUND_TARGETS = {
    part: f"{FUND_PARTS[fund][0]}·{PART_LABELS[part.rsplit('_', 1)[1]]}" if fund != "fund4" else FUND_PARTS[fund][0]
    for fund in FUND_PARTS
    for part in FUND_PARTS[fund][1]
}
TARGETS = {
    IGNORE: "（不导入）",
    "name": "项目名称",
    "number": "项目编号",
    "asset_class": "资产类别（仅导入经营性资产）",
    "township": "所属乡镇(街道)",
    "village": "所属村(居)",
    "location": "项目地点（乡镇+村）",
    "year": "实施年度",
    "manager": "主管部门（推送单位）",
    "responsible_unit": "责任单位",
    "responsible_person": "责任人",
    "responsible_phone": "联系电话",
    "responsible_both": "责任人及联系电话",
    "industry_type": "产业类型",
    "construction_content": "建设内容",
    TOTAL_CHECK: "投资合计（核对用，各部分之和须与之相等）",
    **FUND_TARGETS,
    **dict(PRESENT_VALUE_FIELDS),
    "operation_mode": "运营模式",
    "classification": "“四个一批”分类",
    "functional_state": "功能现状",
    "use_state": "使用现状",
    "production_status": "生产经营情况",
    "problems": "存在问题",
    "reasons": "原因分析",
    "linkage": "发挥联农带农作用",
    "linkage_reasons": "未充分发挥联农带农作用原因",
    "measures": "处置整改措施",
    "ledger_progress": "处置整改进展情况",
    "remarks": "备注",
}
MONEY_TARGETS = {TOTAL_CHECK, *FUND_TARGETS, *dict(PRESENT_VALUE_FIELDS)}

# target → header names, most specific first. A name may carry its group: "资金规模/合计".
NATIONAL_SYNONYMS = {
    "name": ["项目名称", "资产名称"],
    "number": ["项目编号", "项目代码", "资产编号"],
    "asset_class": ["资产类别", "资产类型", "资产性质"],
    "township": ["所属乡镇", "乡镇", "乡镇(街道)", "所属乡镇(街道)", "镇(乡)"],
    "village": ["所属村", "村", "村(居)", "所属村(居)", "行政村"],
    "year": ["实施年度", "建设年度", "项目年度", "年度"],
    "manager": ["主管部门", "项目主管单位", "主管单位", "行业主管部门"],
    "responsible_unit": ["责任单位", "确权对象", "产权归属", "资产所有权人"],
    "responsible_person": ["管护责任人", "责任人", "联系人"],
    "responsible_phone": ["联系电话", "责任人电话", "电话"],
    "industry_type": ["产业类型", "产业类别", "行业类别"],
    "construction_content": ["建设内容", "建设规模及内容", "项目内容"],
    TOTAL_CHECK: [
        "资金规模/合计",
        "投资金额/合计",
        "资金规模/小计",
        "投资规模/小计",
        "资金规模",
        "投资金额",
        "总投资",
        "项目总投资",
        "投资规模",
    ],
    "fund1_central": ["衔接资金", "财政衔接资金", "财政专项扶贫资金", "专项资金"],
    "fund2_central": ["整合其他涉农资金", "整合资金", "涉农整合资金", "其他资金"],
    "fund3_central": ["行业帮扶资金", "行业扶贫资金"],
    "fund4_social": ["社会帮扶资金", "社会扶贫资金", "社会资金"],
    "operation_mode": ["运营模式", "经营模式"],
    "remarks": ["备注"],
}

# The management ledger (附件5) as our own export writes it.
LEDGER_SYNONYMS = {c.target: c.synonyms for c in LEDGER_COLUMNS if c.target}
SYNONYMS: dict[str, dict[str, list[str]]] = {
    ImportSource.NATIONAL: NATIONAL_SYNONYMS,
    ImportSource.LEDGER: LEDGER_SYNONYMS,
}


def known_names(source: str) -> set[str]:
    """Bare header names that identify a header row (groups split off)."""
    names: set[str] = set()
    for synonyms in SYNONYMS[source].values():
        for s in synonyms:
            names.update(bare(part) for part in s.split("/"))
    return names | {"序号"}


def _keys(column: Column) -> list[str]:
    """How a column may be named in the synonym lists: with each group above it (the
    nearest first), then alone."""
    name = bare(column.name)
    groups = reversed(column.group.split("/")) if column.group else []
    return [f"{bare(group)}/{name}" for group in groups] + [name]


def guess_mapping(columns: list[Column], source: str) -> dict[int, str]:
    """Column index → target, from the known names; each target is fed by one column,
    chosen by the order of its synonyms (项目名称 before 资产名称)."""
    result: dict[int, str] = {}
    for target, synonyms in SYNONYMS[source].items():
        for synonym in synonyms:
            key = "/".join(bare(part) for part in synonym.split("/"))
            match = next((c for c in columns if c.index not in result and key in _keys(c)), None)
            if match is not None:
                result[match.index] = target
                break
    return result


def signature(columns: list[Column]) -> str:
    return hashlib.sha256("|".join(c.label for c in columns).encode()).hexdigest()[:40]


def saved_mapping_for(columns: list[Column], source: str, county: Q) -> ImportMapping | None:
    """The county's latest mapping saved for these headers (`county`: a filter on the
    mapping's county)."""
    found = ImportMapping.objects.filter(county, signature=signature(columns), source=source)
    return found.order_by("-created_at").first()


def apply_saved(columns: list[Column], saved: ImportMapping) -> dict[int, str]:
    """A saved mapping (header label → target) applied to this file's columns."""
    return {c.index: saved.mapping[c.label] for c in columns if saved.mapping.get(c.label)}


def mapping_by_label(columns: list[Column], by_index: dict[int, str]) -> dict[str, str]:
    return {c.label: by_index.get(c.index, IGNORE) for c in columns}


def mapping_errors(by_index: dict[int, str]) -> list[str]:
    """A mapping must name the project number and name and feed each target once."""
    targets = [t for t in by_index.values() if t]
    errors = []
    for required in ("number", "name"):
        if required not in targets:
            errors.append(f"必须指定“{TARGETS[required]}”对应的列。")
    if not ({"township", "location"} & set(targets)):
        errors.append("必须指定“所属乡镇(街道)”或“项目地点”对应的列。")
    duplicates = sorted({t for t in targets if targets.count(t) > 1})
    for t in duplicates:
        errors.append(f"“{TARGETS.get(t, t)}”只能对应一列。")
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        errors.append(f"未知的目标字段：{'、'.join(unknown)}。")
    return errors


def mapping_save(
    *,
    name: str,
    columns: list[Column],
    by_index: dict[int, str],
    source: str,
    by: User | None,
    county: County | None = None,
) -> ImportMapping:
    """Save (or replace, by name) a confirmed mapping of the county (`county`; else the
    user's, else the default county)."""
    if county is None:
        county = county_of(by) or County.objects.get(code=settings.DEFAULT_COUNTY_CODE)
    saved, _ = ImportMapping.objects.update_or_create(
        county=county,
        name=name,
        defaults={
            "source": source,
            "signature": signature(columns),
            "headers": [c.label for c in columns],
            "mapping": mapping_by_label(columns, by_index),
            "created_by": by,
        },
    )
    return saved
