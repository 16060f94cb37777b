"""The data-quality watch (ledger/watch.py, /watch/): the ledger's own sections list their
case and not a clean project, each unit sees only its own, the home page counts them."""

import re
from datetime import timedelta

from django.utils import timezone

from ledger.models import Project
from ledger.models.weekly import WeeklyReport
from ledger.watch import class_failures, scope_for_units, scope_for_user, watch_sections
from ledger.weekly.figures import week_start


def sections(user):
    return {s.key: s for s in watch_sections(scope_for_user(user), timezone.localdate())}


def titles(section):
    return [item.title for item in section.items]


def contradicting(make_project, **place):
    """A 巩固 in force whose production has since halted: the class no longer fits (三)."""
    return make_project(number=place.pop("number", "C1"), production_status="halted", reason_funds=True, **place)


def hanjia(places):
    return {
        "township": places["hanjia"],
        "village": places["hanjia_village"],
        "managing_unit": places["hanjia_village_unit"],
    }


def test_a_project_contradicting_its_class_is_listed_and_a_clean_one_is_not(personas, make_project):
    clean = make_project(number="OK1")
    bad = contradicting(make_project)
    found = sections(personas["carl"])["classes"]
    assert titles(found) == [f"{bad.number} {bad.name}"]
    assert found.items[0].detail == "生效类别“巩固”：认定为“巩固”须项目生产经营正常。"
    assert found.items[0].url == f"/projects/{bad.pk}/"
    assert clean.number not in " ".join(titles(found))


def test_an_imported_class_still_pending_its_conditions_is_not_listed(personas, make_project):
    pending = make_project(number="IMP", consolidate_chain=False)
    assert titles(sections(personas["carl"])["classes"]) == [f"IMP {pending.name}"]
    pending.class_conditions_pending = True  # the ledger cannot record them
    pending.save(update_fields=["class_conditions_pending"])  # a save of the fact alone rewrites the count
    assert Project.objects.get(pk=pending.pk).class_faults == 0
    assert sections(personas["carl"])["classes"].count == 0


def test_an_exited_project_is_not_watched(personas, make_project):
    bad = contradicting(make_project, linkage="insufficient", linkage_no_income=True, proposed_measures="整改")
    assert sections(personas["carl"])["classes"].count == 1 and sections(personas["carl"])["income"].count == 1
    Project.objects.filter(pk=bad.pk).update(exited_on=timezone.localdate())
    assert sections(personas["carl"])["classes"].count == 0 and sections(personas["carl"])["income"].count == 0


def test_asset_income_recorded_unpaid_is_listed(personas, make_project):
    make_project(number="PAID")
    unpaid = make_project(
        number="UNPAID", linkage="insufficient", linkage_no_income=True, proposed_measures="按约定兑现收益"
    )
    short = make_project(number="SHORT", problem_dividend_short=True)
    found = sections(personas["carl"])["income"]
    assert titles(found) == [f"SHORT {short.name}", f"UNPAID {unpaid.name}"]
    assert [i.detail for i in found.items] == ["未足额分红", "未按约定及时足额分配资产收益"]


def test_a_unit_sees_only_its_own(personas, make_project, places):
    mine = contradicting(make_project, number="MINE")
    theirs = contradicting(make_project, number="THEIRS", **hanjia(places))
    assert titles(sections(personas["alice"])["classes"]) == [f"MINE {mine.name}"]
    assert titles(sections(personas["bob"])["classes"]) == [f"THEIRS {theirs.name}"]
    assert titles(sections(personas["vera"])["classes"]) == [f"MINE {mine.name}"]  # her village's
    assert sections(personas["dan"])["classes"].count == 0  # the forestry bureau manages neither
    assert sections(personas["carl"])["classes"].count == 2
    assert sections(personas["olga"])["classes"].count == 2


def rose(make_project, places, user_unit, before="0.00"):
    """Last week's report of `user_unit` with every rate at `before`; this week one of its
    two projects has halted (halted rate 50.00%)."""
    make_project(number="R1")
    make_project(
        number="R2", production_status="halted", use_state="idle", reason_funds=True, classification="revitalise"
    )
    monday = week_start(timezone.localdate())
    WeeklyReport.objects.create(
        unit=user_unit,
        week_start=monday - timedelta(days=7),
        figures={"halted_rate": before, "difficulty_rate": "0.00", "linkage_failure_rate": "0.00"},
        submitted_at=timezone.now() - timedelta(days=7),
    )


def test_a_unit_whose_rates_rose_on_last_week_is_listed(personas, make_project, places):
    rose(make_project, places, places["baojia_unit"])
    found = sections(personas["carl"])["rates"]
    assert titles(found) == ["保家镇人民政府"]
    assert found.items[0].detail == "停产闲置率由0.00%升至50.00%"
    assert found.items[0].url.startswith("/weekly/county/?date=")
    own = sections(personas["alice"])["rates"]
    assert titles(own) == ["保家镇人民政府"] and own.items[0].url.startswith("/weekly/?date=")
    assert sections(personas["bob"])["rates"].count == 0  # not his unit
    assert sections(personas["vera"])["rates"].count == 0  # a village reports no week


def test_rates_that_fell_or_were_not_reported_last_week_are_not_listed(personas, make_project, places):
    rose(make_project, places, places["baojia_unit"], before="60.00")
    assert sections(personas["carl"])["rates"].count == 0
    WeeklyReport.objects.all().delete()
    assert sections(personas["carl"])["rates"].count == 0


def test_the_workbook_scope_of_a_unit_is_its_own(make_project, places):
    contradicting(make_project, number="MINE")
    contradicting(make_project, number="THEIRS", **hanjia(places))
    today = timezone.localdate()
    county = {s.key: s.count for s in watch_sections(scope_for_units(None), today)}
    baojia = {s.key: s.count for s in watch_sections(scope_for_units([places["baojia_unit"]]), today)}
    assert county["classes"] == 2 and baojia["classes"] == 1


def test_the_page_lists_each_section_with_its_count_and_links(client, personas, make_project):
    bad = contradicting(make_project)
    client.force_login(personas["alice"])
    response = client.get("/watch/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>" in html and "数据质量提醒" in html
    heading = r'id="watch-classes">.*?分类与现有情况不符的项目（<span class="watch-count">1</span>）'
    assert re.search(heading, html, re.S)
    assert f'<a href="/projects/{bad.pk}/">打开项目</a>' in html
    for key in ("steps", "stalled", "income", "unsurveyed", "rates"):
        assert f'id="watch-{key}"' in html


def test_a_long_section_is_capped_with_more_and_paged_alone(client, personas, make_project):
    for n in range(23):
        contradicting(make_project, number=f"C{n:02d}")
    client.force_login(personas["carl"])
    html = client.get("/watch/").content.decode()
    assert html.count("打开项目") == 20
    assert '<a href="?section=classes" class="small">更多（共23项）</a>' in html
    alone = client.get("/watch/?section=classes").content.decode()
    assert alone.count("打开项目") == 23 and 'id="watch-income"' not in alone
    assert client.get("/watch/?section=nothing").status_code == 404


def test_the_home_page_counts_the_watch(client, personas, make_project, places):
    contradicting(make_project, number="MINE")
    contradicting(make_project, number="THEIRS", **hanjia(places))
    client.force_login(personas["alice"])
    html = client.get("/").content.decode()
    assert re.search(r'href="/watch/#watch-classes" id="watch-count-classes">1<', html)
    assert re.search(r'id="watch-total">1<', html)
    client.force_login(personas["carl"])
    assert re.search(r'id="watch-count-classes">2<', client.get("/").content.decode())


def test_the_page_asks_for_log_in(client):
    response = client.get("/watch/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_class_check_groups_equal_facts_and_reads_blank_text_as_python_does(personas, make_project):
    """The watch reads the count each save keeps; `check_classes` (class_failures) groups
    equal facts in the database instead: both find the same projects, a text of blanks
    read as blank as Python reads it."""
    bad = [contradicting(make_project, number=f"C{n}") for n in range(3)]  # one group of three
    supported = make_project(
        number="R1", production_status="halted", use_state="idle", reason_funds=True, classification="revitalise"
    )
    spaces = make_project(
        number="R2", production_status="halted", use_state="idle", reason_funds=True, classification="revitalise"
    )
    spaces.revitalise_support = " \n\u3000"  # blank to str.strip()
    spaces.save()
    found = sections(personas["carl"])["classes"]
    assert found.count == 4
    assert titles(found) == [f"{p.number} {p.name}" for p in [*bad, spaces]]
    grouped = [project.number for project, *_ in class_failures(Project.objects.all())]
    assert grouped == [p.number for p in [*bad, spaces]]
    assert supported.number not in " ".join(titles(found))
    assert [item.title for item in found.items[1:3]] == titles(found)[1:3]  # a page of the section
