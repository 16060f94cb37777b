"""From the national export to the weekly dispatch, in a real browser.

The county bureau uploads an export whose headers the system does not know (a title
line, then a two-row merged header), maps the columns by hand, saves the mapping,
previews and commits the good rows; the new projects are pushed to their townships;
保家镇 finds its own among the projects waiting for a survey, checks the week's figures
and submits its report before the Thursday deadline; the county sees it on time.

Whether a report is on time depends on the clock. The live server runs in a thread of
this process, so the clock (django.utils.timezone.now, which localtime and localdate
read as well) is set to a fixed Wednesday morning for the whole test.

Figures worked out by hand for 保家镇 (township scope):
  imported I1, I2: not surveyed (no state, use, status or linkage), not classified, form
  not complete, in no rate
  M1 normal/consolidate, complete · M2 halted/revitalise with measures, complete ·
  M3 terminated/rebuild without measures, insufficient linkage · M4 difficulty, no class
  → total 6, complete 2, classified 3, revitalise+rebuild 2 (1 with measures),
    4 surveyed: halted 2/4 = 50.00%, difficulty 1/4 = 25.00%, linkage failure 1/4 = 25.00%.
汉葭街道: imported I3 (not surveyed) and M5 (halted) → the county's townships together:
  total 8, 5 surveyed: halted 3/5 = 60.00%, difficulty 1/5 = 20.00%, linkage failure 1/5 = 20.00%.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.imports.workbooks import xlsx

pytestmark = pytest.mark.browser

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)  # a Wednesday
MONDAY = date(2026, 11, 23)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
I1, I2, I3, PUBLIC, BAD = (f"500243202510000{n}" for n in range(1, 6))

# (header label as the page shows it, target chosen for it); 序号, 资产类别 and 备注 are
# the only headers the system knows, enough to find the header row.
MAPPING = [
    ("资产名称(项目)", "name"),
    ("资产代码", "number"),
    ("资产归属/归属镇街", "township"),
    ("资产归属/归属村社区", "village"),
    ("建成年份", "year"),
    ("管护责任/负责人", "responsible_person"),
    ("管护责任/手机号", "responsible_phone"),
    ("投入金额(万元)", "fund1_central"),
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock(monkeypatch):
    import django.utils.timezone

    monkeypatch.setattr(django.utils.timezone, "now", lambda: NOW)
    return NOW


def export_workbook(places) -> bytes:
    """An export with a title line and a two-row merged header (rows 2–3); data from row 4."""
    baojia_village, baojia_village2 = places["baojia_village"], places["baojia_village2"]
    hanjia_village = places["hanjia_village"]
    title = ["彭水自治县扶贫项目资产明细（导出）"] + [None] * 10
    top = [
        "序号",
        "资产名称（项目）",
        "资产代码",
        "资产类别",
        "资产归属",
        None,
        "建成年份",
        "管护责任",
        None,
        "投入金额（万元）",
        "备注",
    ]
    sub = [None, None, None, None, "归属镇街", "归属村社区", None, "负责人", "手机号", None, None]
    rows = [
        [
            1,
            "保家镇茶叶加工厂",
            I1,
            "经营性资产",
            "保家镇",
            baojia_village.name,
            2021,
            "张明",
            "13912340001",
            120.5,
            "",
        ],
        [
            2,
            "保家镇蔬菜大棚",
            I2,
            "经营性资产",
            "保家镇",
            baojia_village2.short_name,
            "2022年",
            "李华",
            "13912340002",
            35.25,
            "二期",
        ],
        [
            3,
            "汉葭街道冷库",
            I3,
            "经营性资产",
            "汉葭街道",
            hanjia_village.short_name,
            2023,
            "王强",
            "13912340003",
            80,
            "",
        ],
        [
            4,
            "保家镇产业路",
            PUBLIC,
            "公益性资产",
            "保家镇",
            baojia_village.short_name,
            2020,
            "赵六",
            "13912340004",
            50,
            "",
        ],
        [
            5,
            "保家镇烤烟房",
            BAD,
            "经营性资产",
            "保家镇",
            hanjia_village.short_name,
            2020,
            "钱七",
            "13912340005",
            10,
            "",
        ],
    ]
    merges = ["A1:K1", "E2:F2", "H2:I2"] + [f"{c}2:{c}3" for c in "ABCDGJK"]
    return xlsx([title, top, sub, *rows], merges)


@pytest.fixture
def standing_projects(make_project, places):
    """Projects the units recorded before the import (see the module docstring)."""
    make_project(number="M1")
    make_project(
        number="M2",
        production_status="halted",
        reason_funds=True,
        classification="revitalise",
        measures="盘活方案已制定",
    )
    make_project(
        number="M3",
        production_status="terminated",
        reason_management=True,
        classification="rebuild",
        rebuild_cannot_continue=True,
        measures="",
        linkage="insufficient",
        linkage_no_jobs=True,
    )
    make_project(number="M4", production_status="difficulty", reason_price=True, classification="")
    make_project(
        number="M5",
        township=places["hanjia"],
        village=None,
        managing_level="township",
        managing_unit=places["hanjia_unit"],
        production_status="halted",
        reason_funds=True,
        classification="revitalise",
    )


def log_out(page):
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/**")


def test_imported_projects_reach_their_township_which_reports_on_time(
    page, login, personas, places, standing_projects, media, clock
):
    from ledger.models import Project
    from ledger.models.imports import ImportBatch, ImportMapping, ProjectPush
    from ledger.models.weekly import WeeklyReport

    baojia_unit, hanjia_unit = places["baojia_unit"], places["hanjia_unit"]

    # 1. the county bureau uploads the export as a national-system file
    login("carl")
    page.goto("/imports/")
    page.select_option("#id_source", "national")
    page.set_input_files("#id_file", {"name": "资产明细导出.xlsx", "mimeType": XLSX, "buffer": export_workbook(places)})
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/imports/*/")
    batch = ImportBatch.objects.get()
    assert "表头在第2行（两行合并表头）" in page.inner_text("body")
    # the unfamiliar headers are not guessed: nothing to preview or commit yet
    mapping_form = page.locator("#mapping-form")
    expect(mapping_form).to_contain_text("必须指定“项目编号”对应的列。")
    assert page.locator("#commit-form").count() == 0
    assert page.get_by_label("资产类别", exact=True).input_value() == "asset_class"  # a known header is guessed
    assert page.get_by_label("资产代码", exact=True).input_value() == ""

    # 2. map the columns by hand and save the mapping under a name
    for label, target in MAPPING:
        page.get_by_label(label, exact=True).select_option(target)
    page.fill("#mapping_name", "扶贫资产明细导出")
    page.click("#mapping-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("列映射已保存为“扶贫资产明细导出”")
    saved = ImportMapping.objects.get()
    assert saved.name == "扶贫资产明细导出" and saved.source == "national" and saved.created_by == personas["carl"]
    assert {label: saved.mapping[label] for label, _ in MAPPING} == dict(MAPPING)
    assert saved.mapping["资产类别"] == "asset_class" and saved.mapping["序号"] == ""

    # the preview: three to add, the public asset skipped, one row refused with its reason
    counts = page.inner_text("#counts")
    assert (
        "新增 3 个" in counts
        and "修改 0 个" in counts
        and "拒绝 1 行" in counts
        and "跳过（非经营性资产）1 行" in counts
    )
    refused = page.locator("#refused tbody tr")
    expect(refused).to_have_count(1)
    assert [c.strip() for c in refused.locator("td").all_inner_texts()] == [
        "8",
        BAD,
        "资产归属/归属村社区",
        f"“{places['hanjia_village'].short_name}”不是保家镇的村(居)",
    ]
    added = page.locator("#added tbody tr")
    expect(added).to_have_count(3)
    assert [r.split("\t") for r in added.all_inner_texts()] == [
        ["4", I1, "保家镇茶叶加工厂", baojia_unit.name],
        ["5", I2, "保家镇蔬菜大棚", baojia_unit.name],
        ["6", I3, "汉葭街道冷库", hanjia_unit.name],
    ]
    assert "第7行" in page.inner_text("#skipped") and "非经营性资产（公益性资产）" in page.inner_text("#skipped")
    assert Project.objects.filter(number__in=[I1, I2, I3]).count() == 0  # the preview writes nothing

    # commit the good rows only
    page.check("#only_good")
    page.click("#commit-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("导入完成：新增3个，修改0个，无变化0个，拒绝1行，跳过1行。")
    assert page.locator("#mapping-form").count() == 0 and page.locator("#commit-form").count() == 0

    batch.refresh_from_db()
    assert batch.committed and batch.only_good and batch.committed_at == NOW
    assert (batch.added, batch.changed, batch.unchanged, batch.refused, batch.skipped) == (3, 0, 0, 1, 1)
    assert batch.mapping == saved and batch.created_by == personas["carl"]
    i1, i2, i3 = (Project.objects.get(number=n) for n in (I1, I2, I3))
    assert not Project.objects.filter(number__in=[PUBLIC, BAD]).exists()
    assert (i1.township, i1.village) == (places["baojia"], places["baojia_village"])
    assert (i2.township, i2.village) == (places["baojia"], places["baojia_village2"])
    assert (i3.township, i3.village) == (places["hanjia"], places["hanjia_village"])
    assert i1.fund1_central == Decimal("1205000.00") and i2.fund1_central == Decimal("352500.00")
    assert (i1.name, i1.year, i1.responsible_person, i1.responsible_phone) == (
        "保家镇茶叶加工厂",
        2021,
        "张明",
        "13912340001",
    )
    assert i2.year == 2022 and i2.remarks == "二期"
    assert (i1.managing_level, i1.managing_unit) == ("township", baojia_unit)
    assert i1.production_status == "" and not i1.surveyed and i1.classification == ""
    pushes = {p.project.number: p for p in ProjectPush.objects.select_related("project")}
    assert {n: p.unit for n, p in pushes.items()} == {I1: baojia_unit, I2: baojia_unit, I3: hanjia_unit}
    assert all(p.batch == batch and p.pushed_by == personas["carl"] and p.surveyed_at is None for p in pushes.values())

    # 3. 保家镇 finds its two among the projects waiting for a survey, not 汉葭街道's
    log_out(page)
    login("alice")
    page.goto("/pushes/waiting/")
    waiting = page.locator("#waiting tbody tr")
    expect(waiting).to_have_count(2)
    # the first cell holds the row's select box
    assert [r.split("\t")[1:3] for r in waiting.all_inner_texts()] == [[I1, "保家镇茶叶加工厂"], [I2, "保家镇蔬菜大棚"]]
    assert I3 not in page.inner_text("#waiting")

    # 4. the township checks items 1–3 and submits item 4 on Wednesday
    page.goto("/weekly/")
    assert "调度周 2026-11-23 起" in page.inner_text("body") and "报送截止 2026-11-26 16:00" in page.inner_text("body")
    assert page.inner_text("#status") == "尚未报送"
    figures = page.inner_text("#figures")
    assert "项目6个，表单完整2个，已认定分类3个，其中尚未调研2个（不计入比率）" in figures
    assert "盘活/重建项目2个，已有处置措施1个" in figures
    assert "停产闲置率\t50.00%（2/4）" in figures
    assert "经营困难率\t25.00%（1/4）" in figures
    assert "未发挥联农带农率\t25.00%（1/4）" in figures
    page.fill("#id_other_progress", "新推送的2个项目已安排实地调研。")
    page.click("#submit-form button[type=submit]")
    expect(page.locator(".alert-success")).to_have_text("周调度已报送。")
    assert page.inner_text("#status") == "按时报送"
    assert "4. 其他进展情况\t新推送的2个项目已安排实地调研。" in page.inner_text("#figures")
    # before the deadline the unit may still amend what it sent (the form comes back filled in)
    expect(page.locator("#amend-note")).to_be_visible()
    assert page.input_value("#id_other_progress") == "新推送的2个项目已安排实地调研。"
    report = WeeklyReport.objects.get()
    assert (report.unit, report.week_start, report.submitted_by) == (baojia_unit, MONDAY, personas["alice"])
    assert report.submitted_at == NOW and report.other_progress == "新推送的2个项目已安排实地调研。"
    assert report.figures["total"] == 6 and report.figures["halted_rate"] == "50.00"

    # 5. the county sees 保家镇 on time with its rates, and the townships' total
    log_out(page)
    login("carl")
    page.goto("/weekly/county/")
    row = page.locator(f"#county-weekly tr[data-unit='{baojia_unit.code}']")
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells[0] == baojia_unit.name
    assert cells[1].startswith("按时报送") and "11-25 10:30" in cells[1]
    assert row.locator("td.status-on_time").count() == 1
    assert cells[2:7] == ["6", "2", "3", "2", "1"]
    assert cells[7:10] == ["50.00%（2/4）", "25.00%（1/4）", "25.00%（1/4）"]
    assert cells[10] == "新推送的2个项目已安排实地调研。"
    hanjia = page.locator(f"#county-weekly tr[data-unit='{hanjia_unit.code}'] td.status-open")
    expect(hanjia).to_have_text("尚未报送")
    total = [c.strip() for c in page.locator("#county-total td").all_inner_texts()]
    assert total[2] == "8" and total[7:10] == ["60.00%（3/5）", "20.00%（1/5）", "20.00%（1/5）"]
    assert "按时1" in page.inner_text("body")
