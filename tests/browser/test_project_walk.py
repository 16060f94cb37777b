"""One project walked through the whole notice in a real browser, as the county's users would,
checking that every screen, print and export tells the same story.

1. 十一: the county bureau imports it from the national system's export; it arrives not
   surveyed (no survey facts, blank ledger cells, in no status on the home page).
2. 十二: 保家镇's clerk records the survey facts and the proposed class 盘活 on the form; the
   class in force stays empty and the ledger (附件5) shows "（拟）盘活".
3. 十二–十三: the township files an application with its survey report and 盘活 plan; the
   village committee and the township (after its party committee, with minutes) give their
   opinions with seal scans; finance, audit and discipline inspection their joint opinions.
4. 十四: the leading-group office records a county meeting with its minutes and decides.
5. 十四: the township posts the notice at both places; the daily `close_notices` command ends
   it; the class is in force on the project page and in 附件5.
6. 十五: disposal progress, completion, evaluation; re-classification filed for the record
   (备案), in force with no second notice.
7. 二十三, 附件1–3, 附件6: the frozen copy printed with the opinions in their boxes, its PDF,
   and the archive package.

The dates of the meetings and the notice lie in the past (before the real today), so the
notice has ended when the command runs: nothing needs the clock to be set.
"""

import zipfile
from io import BytesIO, StringIO

import openpyxl
import pypdf
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ledger.ledger_columns import LEDGER_COLUMNS
from tests.conftest import CONDITIONS
from tests.imports.workbooks import xlsx

pytestmark = pytest.mark.browser

NUMBER = "5002432025100001"
NAME = "保家镇魔芋加工车间项目"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = {"name": "seal.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64}


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


SURVEY = ("functional_state", "use_state", "production_status", "linkage")
COLUMN = {c.target: i for i, c in enumerate(LEDGER_COLUMNS) if c.target}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def national_export(places) -> bytes:
    """The national system's export in its own layout (as tests/imports/data's sample): a
    title, a line of who exported, a two-row header, one operating asset of 保家镇."""
    top = [
        "序号",
        "资产编号",
        "资产名称",
        "项目名称",
        "项目编号",
        "资产类别",
        "产业类型",
        "所属乡镇",
        "所属村",
        "建设年度",
        "项目主管单位",
        "资金规模（万元）",
        None,
        None,
        None,
        "运营模式",
        "确权对象",
        "管护责任人",
        "联系电话",
        "备注",
    ]
    sub = [None] * 11 + ["合计", "衔接资金", "整合其他涉农资金", "社会帮扶资金"] + [None] * 5
    row = [
        1,
        f"ZC{NUMBER}",
        NAME,
        NAME,
        NUMBER,
        "经营性资产",
        "加工业",
        "保家镇",
        places["baojia_village"].short_name,
        2025,
        places["baojia_unit"].name,
        120.5,
        120.5,
        0,
        0,
        "委托经营",
        "保家镇股份经济合作联合社",
        "张明",
        "13912340001",
        None,
    ]
    title = ["彭水自治县扶贫项目资产管理台账"] + [None] * 19
    who = ["填报单位：彭水自治县乡村振兴局        导出时间：2026年11月20日"] + [None] * 19
    merges = ["A1:T1", "A2:T2", "L3:O3"] + [f"{c}3:{c}4" for c in "ABCDEFGHIJKPQRST"]
    return xlsx([title, who, top, sub, row], merges)


def ledger_row(page) -> list:
    """The project's row of the management ledger (附件5) as the signed-in user downloads it."""
    response = page.request.get("/exports/ledger.xlsx")
    assert response.status == 200
    ws = openpyxl.load_workbook(BytesIO(response.body())).active
    rows = [r for r in ws.iter_rows(values_only=True) if NUMBER in r]
    assert len(rows) == 1
    return list(rows[0])


def pdf_text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(BytesIO(data)).pages)


def log_out(page):
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/**")


def add_document(page, kind: str, title: str, name: str):
    form = "form[action$='/documents/']"
    page.select_option(f"{form} select[name=kind]", kind)
    page.fill(f"{form} input[name=title]", title)
    page.set_input_files(f"{form} input[name=file]", pdf(name))
    page.click(f"{form} button[type=submit]")
    expect(page.locator("#documents")).to_contain_text(title)


def party_meeting(page, date: str, title: str):
    page.goto("/approvals/meetings/")
    page.select_option("#id_kind", "party")
    page.fill("#id_date", date)
    page.fill("#id_title", title)
    page.set_input_files("#id_minutes", pdf("minutes.pdf"))
    page.click("#meeting-form button[type=submit]")
    expect(page.locator("body")).to_contain_text(title)


def test_one_project_from_the_national_export_to_its_re_classification(page, login, personas, places, media):
    from approvals import services
    from approvals.models import Application, Notice
    from ledger.choices import Role
    from ledger.models import Project, Unit, User

    # 1. the county bureau imports the national export
    login("carl")
    page.goto("/imports/")
    page.select_option("#id_source", "national")
    page.set_input_files("#id_file", {"name": "资产导出.xlsx", "mimeType": XLSX, "buffer": national_export(places)})
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/imports/*/")
    expect(page.locator("#counts")).to_contain_text("新增 1 个")
    page.click("#commit-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("导入完成：新增1个")
    project = Project.objects.get(number=NUMBER)
    assert (project.township, project.village, project.managing_unit) == (
        places["baojia"],
        places["baojia_village"],
        places["baojia_unit"],
    )
    assert not project.surveyed and all(getattr(project, f) == "" for f in SURVEY)
    log_out(page)

    # the township sees it not surveyed: on the project page, in the ledger, on the home page
    login("alice")
    page.goto(f"/projects/{project.pk}/")
    expect(page.locator("#not-surveyed")).to_contain_text("尚未调研")
    expect(page.locator("#class-in-force")).to_contain_text("暂无")
    row = ledger_row(page)
    assert all(row[COLUMN[f]] in (None, "") for f in SURVEY)
    assert row[COLUMN["classification"]] in (None, "")
    page.goto("/")
    assert page.inner_text("#total-projects") == "1" and page.inner_text("#unsurveyed") == "1"
    statuses = [r.split("\t") for r in page.locator("#by-status tr").all_inner_texts()]
    assert all(n.strip() == "0" for label, n in statuses if "调研" not in label)

    # 2. the clerk records the survey facts and the proposed class 盘活
    page.goto(f"/projects/{project.pk}/edit/")
    page.check("input[name=functional_state][value=normal]")
    page.check("input[name=use_state][value=idle]")
    page.check("input[name=production_status][value=halted]")
    page.check("input[name=production_reasons][value=reason_funds]")
    page.check("input[name=linkage][value=full]")
    page.check("input[name=proposed_classification][value=revitalise]")
    page.fill("#id_proposed_measures", "引进新的经营主体，盘活闲置车间。")
    page.fill("#id_revitalise_support", "申请衔接资金20万元维修设施，协调信贷贴息政策。")
    page.click("#save")
    page.wait_for_url(f"**/projects/{project.pk}/")
    expect(page.locator("#class-in-force")).to_contain_text("暂无")
    expect(page.locator("#class-proposed")).to_contain_text("盘活")
    assert page.locator("#not-surveyed").count() == 0
    project.refresh_from_db()
    assert project.surveyed and project.classification == "" and project.proposed_classification == "revitalise"
    row = ledger_row(page)
    assert row[COLUMN["classification"]] == "（拟）盘活"
    assert row[COLUMN["production_status"]] and row[COLUMN["linkage"]]
    page.goto("/")  # now it counts: halted, and no longer among those not surveyed
    statuses = dict(r.split("\t") for r in page.locator("#by-status tr").all_inner_texts())
    assert statuses["停产闲置"].strip() == "1" and page.inner_text("#unsurveyed") == "0"

    # 3. the township files the application with its survey report and plan
    page.goto(f"/approvals/projects/{project.pk}/apply/")
    assert page.input_value("#id_measures") == "引进新的经营主体，盘活闲置车间。"
    page.click("#start-form button[type=submit]")
    page.wait_for_selector("#file-button")
    app_url = page.url
    app = Application.objects.get()
    assert app.classification == "revitalise"
    add_document(page, "survey_report", "实地调研情况报告", "survey.pdf")
    plan = "form[action$='/revitalisation-plan/']"
    page.fill(f"{plan} textarea[name=cause]", "资金链断裂，车间停产")
    page.fill(f"{plan} textarea[name=resources]", "厂房一栋，加工设备一套")
    page.fill(f"{plan} textarea[name=measures]", "引进新的经营主体租赁经营")
    page.click(f"{plan} button[type=submit]")
    page.click("#file-button")
    expect(page.locator("#app-status")).to_have_text("待村委会意见")
    log_out(page)

    # the village committee agrees, with the scan of its sealed page
    login("vera")
    page.goto(app_url)
    page.fill("#agree-form textarea[name=text]", "情况属实，同意盘活")
    page.set_input_files("#agree-form input[name=seal]", PNG)
    page.click("#agree-button")
    expect(page.locator("#app-status")).to_have_text("待乡镇(街道)意见")
    log_out(page)

    # finance gives its joint opinion in the browser; audit and discipline inspection through
    # the service (the same form, for two more users)
    login("rita")
    page.goto(app_url)
    review = "form[action$='/joint-review/']"
    page.fill(f"{review} textarea[name=text]", "经审核，同意盘活处置意见")
    page.click(f"{review} button[type=submit]")
    expect(page.locator("#documents")).to_contain_text("经审核，同意盘活处置意见")
    for unit in Unit.objects.filter(kind="review").exclude(pk=personas["rita"].unit_id):
        reviewer = User.objects.create_user(username=f"rev_{unit.code}", password="x", unit=unit, role=Role.REVIEWER)
        services.joint_review_save(by=reviewer, application=app, text="同意")
    log_out(page)

    # the township's party committee, with its minutes; the township agrees and submits
    login("alice")
    party_meeting(page, "2025-09-20", "保家镇党委会第12次会议")
    page.goto(app_url)
    page.fill("#agree-form textarea[name=text]", "经镇党委会研究，同意报送")
    page.set_input_files("#agree-form input[name=seal]", PNG)
    page.select_option("#agree-form select[name=party_meeting]", index=1)
    page.click("#agree-button")
    expect(page.locator("#app-status")).to_have_text("待县领导小组审定")
    log_out(page)

    # 4. the leading-group office records the county meeting with its minutes and decides
    login("olga")
    page.goto("/approvals/meetings/")
    page.select_option("#id_kind", "county")
    page.fill("#id_date", "2025-09-25")
    page.fill("#id_title", "县领导小组2025年第5次会议")
    page.set_input_files("#id_minutes", pdf("county.pdf"))
    page.click("#meeting-form button[type=submit]")
    page.wait_for_selector("#decide-form")
    decision = f"tr[data-application='{app.pk}']"
    assert page.input_value(f"{decision} select[name$=classification]") == "revitalise"
    page.select_option(f"{decision} select[name$=outcome]", "approve")
    page.fill(f"{decision} [name$='-text']", "同意按盘活一批处置")
    page.click("#decide-button")
    expect(page.locator("#decide-preview")).to_contain_text("同意按盘活一批处置")
    page.click("#confirm-button")
    expect(page.locator("#decided")).to_contain_text("同意")
    log_out(page)

    # 5. the township posts the notice at both places; the daily command ends it
    login("alice")
    page.goto("/approvals/notices/")
    page.fill("#id_posted_on", "2025-09-30")
    page.fill("#id_contact", "保家镇党政办 023-78441234")
    page.click("#notice-form button[type=submit]")
    expect(page.locator("#notice-period")).to_contain_text("2025-10-14")
    for where, place in (("unit", "保家镇政务公开栏"), ("site", "项目所在村村务公开栏")):
        page.select_option("#posting-form select[name=where]", where)
        page.fill("#posting-form input[name=posted_on]", "2025-09-30")
        page.fill("#posting-form input[name=place]", place)
        page.set_input_files("#posting-form input[name=photo]", PNG)
        page.click("#posting-form button[type=submit]")
    expect(page.locator("#postings")).to_contain_text("项目所在村村务公开栏")
    out = StringIO()
    call_command("close_notices", stdout=out)  # the daily job, run as cron would
    assert "共结束 1 份公示。" in out.getvalue()
    page.reload()
    expect(page.locator("#notice-state")).to_contain_text("分类已生效")
    page.goto(app_url)
    expect(page.locator("#app-status")).to_have_text("已生效（处置中）")
    page.goto(f"/projects/{project.pk}/")
    expect(page.locator("#class-in-force")).to_contain_text("盘活")
    expect(page.locator("#class-in-force")).to_contain_text("县领导小组2025年第5次会议")
    assert "盘活☑" in page.inner_text("#p-classification")
    row = ledger_row(page)
    assert row[COLUMN["classification"]] == "盘活"
    assert row[COLUMN["measures"]] == "引进新的经营主体，盘活闲置车间。"

    # 6. disposal: progress, completion, evaluation
    page.goto(app_url)
    page.fill("#progress-form input[name=date]", "2025-11-10")
    page.fill("#progress-form textarea[name=text]", "新经营主体已进场")
    page.fill("#progress-form input[name=percent]", "60")
    page.click("#progress-form button[type=submit]")
    expect(page.locator("#progress")).to_contain_text("完成60%：新经营主体已进场")
    assert "新经营主体已进场" in ledger_row(page)[COLUMN["ledger_progress"]]
    page.goto(app_url)
    complete = "form[action$='/complete/']"
    page.fill(f"{complete} textarea[name=text]", "车间恢复生产")
    page.click(f"{complete} button[type=submit]")
    evaluate = "form[action$='/evaluate/']"
    page.fill(f"{evaluate} textarea[name=text]", "盘活见效，群众分红到位")
    page.click(f"{evaluate} button[type=submit]")
    page.wait_for_selector("text=以项目当前情况发起重新分类")

    # re-classification: the project now runs normally, proposed 巩固; filed for the record
    page.goto(f"/projects/{project.pk}/edit/")
    page.check("input[name=use_state][value=in_use]")
    page.check("input[name=production_status][value=normal]")
    for condition in CONDITIONS:  # the five conditions of 巩固 (三)
        page.check(f"input[name=consolidate_conditions][value={condition}]")
    page.check("input[name=proposed_classification][value=consolidate]")
    page.fill("#id_proposed_measures", "完善利益联结机制，按时足额分红。")
    page.click("#save")
    page.wait_for_url(f"**/projects/{project.pk}/")
    expect(page.locator("#class-in-force")).to_contain_text("盘活")
    party_meeting(page, "2026-11-20", "保家镇党委会第30次会议")
    page.goto(app_url)
    page.click("text=以项目当前情况发起重新分类")
    page.click("#start-form button[type=submit]")
    page.wait_for_selector("#file-record-form")
    refiling_url = page.url
    refiling = Application.objects.exclude(pk=app.pk).get()
    assert refiling.kind == "refiling" and refiling.classification == "consolidate"
    page.select_option("#file-record-form select[name=party_meeting]", label="2026-11-20 保家镇党委会第30次会议")
    page.click("#file-record-button")
    expect(page.locator("#app-status")).to_have_text("已报送备案，待县领导小组办公室备案")
    expect(page.locator("#app-copies")).to_contain_text("第1次报送")  # the re-filled form, frozen
    log_out(page)

    login("olga")
    page.goto(refiling_url)
    page.fill("#record-form textarea[name=text]", "已备案")
    page.click("#record-button")
    expect(page.locator("#recorded")).to_contain_text("新分类生效（不再公示）")
    log_out(page)

    login("alice")
    page.goto(f"/projects/{project.pk}/")
    expect(page.locator("#class-in-force")).to_contain_text("巩固")
    assert "巩固☑" in page.inner_text("#p-classification")
    assert ledger_row(page)[COLUMN["classification"]] == "巩固"
    assert Notice.objects.count() == 1  # no second notice

    # 7. the first application's frozen copy: print page, PDF, archive package
    page.goto(f"{app_url}print/")
    printed = page.inner_text("body")
    assert "盘活☑" in printed and "巩固☑" not in printed and "第1次报送" in printed
    village = page.inner_text("#opinion-village")
    assert "情况属实，同意盘活" in village and places["village_unit"].name in village
    township = page.inner_text("#opinion-township")
    assert "经镇党委会研究，同意报送" in township and places["baojia_unit"].name in township
    assert "同意按盘活一批处置" in page.inner_text("#opinion-county")
    response = page.request.get(f"{app_url}print.pdf")
    assert response.status == 200
    text = pdf_text(response.body())
    assert NUMBER in text and "经镇党委会研究，同意报送" in text

    page.goto("/exports/archive/")
    page.click("#download-archive")  # a background job: its page offers the file when done
    page.wait_for_selector("#job-download")
    response = page.request.get(page.get_attribute("#job-download", "href"))
    assert response.status == 200
    names = zipfile.ZipFile(BytesIO(response.body())).namelist()
    forms = [n for n in names if "/01_分类及处置措施审批表/" in n and NUMBER in n]
    assert any(n.endswith("_第1次分类_审批表_第1次报送.pdf") for n in forms)
    assert any(n.endswith("_第2次分类_审批表_第1次报送.pdf") for n in forms)  # the re-filled form
    assert len([n for n in forms if "_盖章页_" in n]) == 2  # village and township
    # the unit's own party-committee minutes; the county meeting's minutes cover every unit
    # and go only into the county's archive (docs/decisions.md D70)
    minutes = [n for n in names if "/04_会议纪要/" in n]
    # the township's party-committee minutes; the county meeting's minutes record every
    # unit's decisions and are kept in the county's archive only (approvals/archive.py)
    assert {n.rsplit("/", 1)[1] for n in minutes} == {
        "会议纪要_2025-09-20_保家镇党委会第12次会议.pdf",
        "会议纪要_2026-11-20_保家镇党委会第30次会议.pdf",
    }
    photos = [n for n in names if "/06_批复和项目地公告等其他材料/公告张贴照片_" in n]
    assert len(photos) == 2
