"""The import engine on national exports: adds, changes, refusals, skips, all or nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ledger.imports import engine
from ledger.imports.engine import ImportRefused, batch_create, import_commit, import_preview
from ledger.models import Project
from ledger.models.imports import ImportBatch, ProjectPush
from tests.imports.workbooks import SAMPLE, xlsx

HEAD = [
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


def row(
    number,
    township="保家镇",
    village="",
    total="10",
    linkage="8",
    social="2",
    manager="县农业农村委",
    kind="经营性资产",
    year="2021",
    phone="13912345678",
):
    return [township, village, number, f"项目{number}", total, linkage, social, manager, "李四", phone, kind, year]


def run(data, by, name="f.xlsx", only_good=False, **kw):
    preview = import_preview(data=data, filename=name, source="national", **kw)
    batch = batch_create(by=by, source="national", filename=name, content=data, preview=preview)
    return import_commit(batch=batch, by=by, only_good=only_good), batch


def test_sample_file_adds_operating_assets_and_pushes_them(personas):
    preview, batch = run(SAMPLE.read_bytes(), personas["carl"])
    assert preview.counts == {"add": 37, "change": 0, "same": 0, "refused": 0, "skipped": 3}
    p = Project.objects.get(number="50024320200004")
    # 136.4558 万元 = 98.0068 + 23.1232 + 15.3258, converted exactly to yuan
    assert (p.fund1_central, p.fund2_central, p.fund4_social) == (
        Decimal("980068.00"),
        Decimal("231232.00"),
        Decimal("153258.00"),
    )
    assert p.village.name == "莲花寺村村民委员会" and p.managing_level == "township"
    assert p.production_status == "" and not p.surveyed and p.classification == "" and p.operation_mode == "cooperative"
    record = p.history.get()
    assert record.history_user == personas["carl"] and "导入" in record.history_change_reason
    qingping = Project.objects.get(number="50024320220002")  # 青坪社区, managed by 县水利局
    assert qingping.village.name == "青坪社区居民委员会" and qingping.managing_unit.name == "县水利局"
    assert ProjectPush.objects.get(project=qingping).unit.name == "县水利局"
    assert ProjectPush.objects.get(project=p).unit.name == "润溪乡人民政府"
    assert ProjectPush.objects.filter(surveyed_at__isnull=True).count() == 37
    batch.refresh_from_db()
    assert (batch.committed, batch.added, batch.skipped) == (True, 37, 3) and batch.file.name


def test_importing_the_same_file_twice_changes_nothing(personas):
    run(SAMPLE.read_bytes(), personas["carl"])
    histories = Project.history.count()
    preview, _ = run(SAMPLE.read_bytes(), personas["carl"])
    assert preview.counts["same"] == 37 and preview.counts["add"] == preview.counts["change"] == 0
    assert Project.history.count() == histories and ProjectPush.objects.count() == 37


def test_variant_columns_and_synonyms(personas, places):
    data = xlsx(
        [
            HEAD,
            row("N1", village="保家社区" if False else places["baojia_village"].short_name),
            row("N2", manager="", kind="公益性资产"),
            row("N3", manager="保家镇人民政府"),
        ]
    )
    preview, _ = run(data, personas["carl"])
    assert preview.counts == {"add": 2, "change": 0, "same": 0, "refused": 0, "skipped": 1}
    n1 = Project.objects.get(number="N1")
    assert n1.village == places["baojia_village"] and n1.managing_unit.code == "NYNCW"
    assert n1.fund1_central == Decimal("80000.00") and n1.fund4_social == Decimal("20000.00") and n1.year == 2021
    assert Project.objects.get(number="N3").managing_unit == places["baojia_unit"]


def test_bad_rows_are_refused_with_row_column_and_reason_and_nothing_is_written(personas):
    data = xlsx(
        [
            HEAD,
            row("G1"),
            row("B1", township="火星镇"),
            row("B2", total="11"),
            row("", linkage="x"),
            row("G1"),
            row("B3", village="不存在村"),
            row("B4", year="二〇二一"),
            row("B5", phone="123"),
        ]
    )
    preview = import_preview(data=data, filename="f.xlsx", source="national")
    refused = {o.row: o.errors for o in preview.of("refused")}
    assert set(refused) == {3, 4, 5, 6, 7, 8, 9}
    assert refused[3] == [("乡镇", "未知的乡镇(街道)“火星镇”")]
    assert refused[4][0][0] == "投资金额(万元)" and "金额各部分之和与合计不符" in refused[4][0][1]
    assert ("项目编号", "缺少项目编号") in refused[5] and any("不是有效的金额" in m for _, m in refused[5])
    assert refused[6] == [("项目编号", "项目编号G1在文件中重复（第2行已有）")]
    assert "不是保家镇的村(居)" in refused[7][0][1]
    assert "不是有效的年份" in refused[8][0][1]
    assert refused[9][0][0] == "联系电话"
    batch = batch_create(by=personas["carl"], source="national", filename="f.xlsx", content=data, preview=preview)
    with pytest.raises(ImportRefused):
        import_commit(batch=batch, by=personas["carl"])
    assert Project.objects.count() == 0 and not ImportBatch.objects.get().committed


def test_only_good_rows_when_asked(personas):
    data = xlsx([HEAD, row("G1"), row("B1", township="火星镇")])
    _preview, batch = run(data, personas["carl"], only_good=True)
    assert list(Project.objects.values_list("number", flat=True)) == ["G1"]
    batch.refresh_from_db()
    assert (batch.added, batch.refused, batch.only_good) == (1, 1, True)


def test_a_failure_midway_leaves_nothing_half_written(personas, monkeypatch):
    data = xlsx([HEAD, row("G1"), row("G2"), row("G3")])
    real, calls = engine.bulk.history, []

    def failing(projects, **kwargs):
        calls.append([p.number for p in projects])
        real(projects, **kwargs)  # the projects and their history rows are written …
        raise RuntimeError("disk full")  # … and the commit fails before it ends

    monkeypatch.setattr(engine.bulk, "history", failing)
    with pytest.raises(RuntimeError):
        run(data, personas["carl"])
    assert calls == [["G1", "G2", "G3"]]
    assert Project.objects.count() == 0 and ProjectPush.objects.count() == 0
    assert Project.history.count() == 0
    assert not ImportBatch.objects.filter(committed=True).exists()


def test_national_file_updates_profile_and_money_but_never_the_units_facts(personas, make_project, places):
    project = make_project(number="K1", classification="consolidate", measures="已调研")
    data = xlsx(
        [HEAD, row("K1", village=places["baojia_village"].short_name, manager="", total="20", linkage="20", social="0")]
    )
    preview, _ = run(data, personas["carl"])
    change = preview.of("change")[0]
    labels = {label for label, _, _ in change.changes}
    assert {"项目名称", "衔接资金·中央资金", "实施年度", "责任人"} <= labels
    project.refresh_from_db()
    assert project.fund1_central == Decimal("200000.00") and project.name == "项目K1"
    assert project.classification == "consolidate" and project.measures == "已调研"
    assert project.managing_unit == places["village_unit"]  # set when first pushed, not by later imports
    assert project.history.first().history_user == personas["carl"]


def test_only_the_county_bureau_imports(personas):
    data = xlsx([HEAD, row("G1")])
    preview = import_preview(data=data, filename="f.xlsx", source="national")
    with pytest.raises(PermissionDenied):
        batch_create(by=personas["alice"], source="national", filename="f.xlsx", content=data, preview=preview)


def test_preview_runs_a_fixed_number_of_queries(personas, django_assert_num_queries):
    small = xlsx([HEAD] + [row(f"S{n}") for n in range(3)])
    large = xlsx([HEAD] + [row(f"S{n}") for n in range(60)])
    with django_assert_num_queries(5):
        import_preview(data=small, filename="s.xlsx", source="national")
    with django_assert_num_queries(5):
        assert import_preview(data=large, filename="l.xlsx", source="national").counts["add"] == 60


def test_a_three_row_header_imports_its_amounts_in_wan(personas):
    data = xlsx(
        [
            ["项目资产明细"],
            ["项目编号", "项目名称", "乡镇", "年度", "责任人", "联系电话", "资金规模（万元）", None, None, None],
            [None] * 6 + ["合计", "财政资金", None, "社会资金"],
            [None] * 7 + ["衔接资金", "整合资金", None],
            ["Z1", "甲", "保家镇", 2021, "李四", "13912345678", 30.5, 10.25, 15.2, 5.05],
            ["Z2", "乙", "保家镇", 2021, "李四", "13912345678", 30, 10, 15, 4],
        ],
        ["G2:J2", "G3:G4", "H3:I3", "J3:J4"] + [f"{c}2:{c}4" for c in "ABCDEF"],
    )
    preview, _ = run(data, personas["carl"], only_good=True)
    assert preview.counts["add"] == 1 and preview.of("refused")[0].row == 6
    assert "金额各部分之和与合计不符" in preview.of("refused")[0].errors[0][1]
    z1 = Project.objects.get(number="Z1")
    assert (z1.fund1_central, z1.fund2_central, z1.fund4_social) == (
        Decimal("102500.00"),
        Decimal("152000.00"),
        Decimal("50500.00"),
    )
