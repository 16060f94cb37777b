"""Each year's round (时间安排, 十六–二十): the notice's dates as a new year's defaults, the
bureau's page to set them, applications in the round of their year, and the timetable
judged by the chosen year's round."""

import datetime as dt

import django.utils.timezone
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.models import Application, Round
from approvals.models.calendar import NOTICE_2023_NUMBER, NOTICE_2023_TITLE
from approvals.services.rounds import round_for_year
from ledger.models import County
from tests.approvals.conftest import post_notice

pytestmark = pytest.mark.django_db


def pengshui():
    return County.objects.get(code="500243")


ROUND_FIELDS = ("plan_by", "mobilise_by", "submit_by", "approve_by", "disposal_from", "first_results_by", "report_by")


def at(monkeypatch, day: dt.date) -> None:
    """Set the clock (timezone.now, which localdate and auto_now_add read) to noon of `day`."""
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    monkeypatch.setattr(django.utils.timezone, "now", lambda: noon)


def form_data(**overrides):
    data = {
        "name": "2026年经营性帮扶产业项目“四个一批”工作",
        "plan_by": "2026-03-10",
        "mobilise_by": "2026-03-15",
        "submit_by": "2026-04-20",
        "approve_by": "2026-04-30",
        "disposal_from": "2026-05-06",
        "first_results_by": "2026-06-30",
        "report_by": "2026-07-15",
        "policy_title": "关于做好2026年经营性帮扶产业项目“四个一批”工作的通知",
        "policy_number": "彭巩固专办发〔2026〕1号",
    }
    data.update(overrides)
    return data


def test_the_2023_round_keeps_the_notice_as_its_basis():
    rnd = Round.objects.get(year=2023)
    assert (rnd.policy_title, rnd.policy_number) == (NOTICE_2023_TITLE, "彭巩固专办发〔2023〕3号")
    assert rnd.policy_basis == f"《{NOTICE_2023_TITLE}》（彭巩固专办发〔2023〕3号）"
    assert rnd.submit_by == dt.date(2023, 11, 21)


def test_a_new_years_round_gets_the_notices_dates_moved_to_that_year():
    rnd = round_for_year(2026, pengshui())
    assert [getattr(rnd, f) for f in ROUND_FIELDS] == [
        dt.date(2026, 11, 13),
        dt.date(2026, 11, 15),
        dt.date(2026, 11, 21),
        dt.date(2026, 11, 25),
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 5),
        dt.date(2026, 12, 15),
    ]
    assert rnd.name == "2026年经营性帮扶产业项目“四个一批”工作"
    assert (rnd.policy_title, rnd.policy_number) == (NOTICE_2023_TITLE, NOTICE_2023_NUMBER)
    assert round_for_year(2026, pengshui()).pk == rnd.pk and Round.objects.filter(year=2026).count() == 1


def test_a_new_years_round_carries_the_latest_earlier_basis(personas):
    services.round_save(by=personas["carl"], year=2026, **_dates(form_data()))
    assert round_for_year(2027, pengshui()).policy_number == "彭巩固专办发〔2026〕1号"
    assert round_for_year(2025, pengshui()).policy_number == NOTICE_2023_NUMBER


def _dates(data):
    out = dict(data)
    for f in ROUND_FIELDS:
        out[f] = dt.date.fromisoformat(out[f])
    return out


def test_an_application_belongs_to_the_round_of_the_year_it_is_started_in(monkeypatch, level_project, personas):
    at(monkeypatch, dt.date(2026, 6, 1))
    app = services.application_create(by=personas["alice"], project=level_project("village"))
    assert app.round.year == 2026 and app.round.submit_by == dt.date(2026, 11, 21)
    other = services.application_create(by=personas["dora"], project=level_project("department"))
    assert other.round_id == app.round_id and Round.objects.filter(year=2026).count() == 1
    at(monkeypatch, dt.date(2027, 1, 4))
    later = services.application_create(by=personas["alice"], project=level_project("township"))
    assert later.round.year == 2027


def test_an_exit_belongs_to_the_round_of_its_year(monkeypatch, level_project, personas):
    at(monkeypatch, dt.date(2026, 6, 1))
    project = level_project("village", linkage="insufficient", linkage_no_income=True)
    app = services.exit_create(
        by=personas["alice"], project=project, reason="无法建立联农带农机制", amount="1000.00", recovery_from="合作社"
    )
    assert app.round.year == 2026


def test_the_bureau_sets_a_years_round(as_user, personas):
    c = as_user(personas["carl"])
    page = c.get("/approvals/rounds/2026/").content.decode()
    assert 'id="round-default"' in page and 'value="2026-11-21"' in page and "彭巩固专办发〔2023〕3号" in page
    r = c.post("/approvals/rounds/2026/", form_data())
    assert r.status_code == 302 and r["Location"] == "/approvals/timetable/?year=2026"
    rnd = Round.objects.get(year=2026)
    assert rnd.submit_by == dt.date(2026, 4, 20) and rnd.policy_number == "彭巩固专办发〔2026〕1号"
    assert rnd.history.latest().history_user == personas["carl"]
    c.post("/approvals/rounds/2026/", form_data(submit_by="2026-04-25"))
    rnd.refresh_from_db()
    assert rnd.submit_by == dt.date(2026, 4, 25) and rnd.history.count() == 2


def test_round_dates_must_follow_the_order_of_the_timetable(as_user, personas):
    r = as_user(personas["carl"]).post("/approvals/rounds/2026/", form_data(approve_by="2026-04-01"), follow=True)
    assert "不能早于" in r.content.decode() and not Round.objects.filter(year=2026).exists()


@pytest.mark.parametrize("who", ["alice", "dora", "vera", "olga", "rita"])
def test_only_the_bureau_sets_a_round(as_user, personas, who):
    c = as_user(personas[who])
    assert c.get("/approvals/rounds/2026/").status_code == 403
    assert c.post("/approvals/rounds/2026/", form_data()).status_code == 403
    assert not Round.objects.filter(year=2026).exists()
    with pytest.raises(PermissionDenied):
        services.round_save(by=personas[who], year=2026, **_dates(form_data()))


def test_round_save_refuses_a_year_out_of_range(personas):
    with pytest.raises(ValidationError):
        services.round_save(by=personas["carl"], year=1999, **_dates(form_data()))


def test_timetable_in_2026_judges_2026_work_by_the_2026_round(monkeypatch, as_user, level_project, personas):
    old = services.application_create(by=personas["dora"], project=level_project("department"))
    Application.objects.filter(pk=old.pk).update(round=Round.objects.get(year=2023))
    at(monkeypatch, dt.date(2026, 6, 1))
    services.application_create(by=personas["alice"], project=level_project("village"))
    c = as_user(personas["carl"])
    body = c.get("/approvals/timetable/").content.decode()
    # before the 2026 deadline nothing of 2026 is late, and 2023's late work is not counted
    assert "2026-11-21" in body and "2023-11-21" not in body
    assert "保家镇人民政府" in body and "农业农村委" not in body and 'class="table-warning"' not in body
    at(monkeypatch, dt.date(2026, 11, 28))
    c = as_user(personas["carl"])  # a new session: the first expired meanwhile
    body = c.get("/approvals/timetable/").content.decode()
    assert "保家镇人民政府</td><td>1</td><td>1</td>" in body and 'class="table-warning"' in body
    assert "农业农村委" not in body
    body = c.get("/approvals/timetable/?year=2023").content.decode()
    assert "2023-11-21" in body and "农业农村委" in body and "保家镇人民政府" not in body
    assert '<option value="2026" selected>' in c.get("/approvals/timetable/").content.decode()


def test_timetable_of_a_year_without_a_round_shows_the_defaults(monkeypatch, as_user, personas):
    at(monkeypatch, dt.date(2027, 1, 5))
    c = as_user(personas["carl"])
    body = c.get("/approvals/timetable/").content.decode()
    assert 'id="round-default"' in body and "2027-11-21" in body and "本轮尚无申请" in body
    assert "/approvals/rounds/2027/" in body and "/approvals/rounds/2028/" in body
    assert not Round.objects.filter(year=2027).exists()
    assert "/approvals/rounds/" not in as_user(personas["olga"]).get("/approvals/timetable/").content.decode()
    assert c.get("/approvals/timetable/?year=2031").status_code == 404
    assert c.get("/approvals/timetable/?year=abc").status_code == 404


def test_the_printed_notice_cites_the_rounds_basis(as_user, approved, level_project, personas):
    app = approved(level_project("village"))
    notice = post_notice(by=personas["alice"], applications=[app], posted_on=dt.date(2025, 9, 30), contact="x")
    c = as_user(personas["alice"])
    body = c.get(f"/approvals/notices/{notice.pk}/print/").content.decode()
    assert f"根据《{NOTICE_2023_TITLE}》（彭巩固专办发〔2023〕3号），经县实施乡村振兴战略领导小组审定" in body
    assert "工作方案》" not in body
    rnd = app.round
    rnd.policy_title = "关于做好2026年经营性帮扶产业项目“四个一批”工作的通知"
    rnd.policy_number = "彭巩固专办发〔2026〕1号"
    rnd.save()
    body = c.get(f"/approvals/notices/{notice.pk}/print/").content.decode()
    assert "根据《关于做好2026年经营性帮扶产业项目“四个一批”工作的通知》（彭巩固专办发〔2026〕1号）" in body


def test_the_migration_moves_applications_to_the_round_of_their_year(monkeypatch, level_project, personas):
    from importlib import import_module

    from django.apps import apps

    at(monkeypatch, dt.date(2025, 3, 1))
    early = services.application_create(by=personas["dora"], project=level_project("department"))
    at(monkeypatch, dt.date(2026, 6, 1))
    late = services.application_create(by=personas["alice"], project=level_project("village"))
    Application.objects.filter(pk__in=[early.pk, late.pk]).update(round=Round.objects.get(year=2023))
    Round.objects.filter(year__in=[2025, 2026]).delete()
    # the migration ran before rounds had a county: every round it made is Pengshui's
    monkeypatch.setattr(Round._meta.get_field("county"), "_get_default", lambda: pengshui().pk)
    import_module("approvals.migrations.0009_round_policy_basis").rounds_by_year(apps, None)
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.round.year, late.round.year) == (2025, 2026)
    assert late.round.submit_by == dt.date(2026, 11, 21) and late.round.policy_number == NOTICE_2023_NUMBER
