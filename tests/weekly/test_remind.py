"""The 未报送 filter and the "提醒" button on the county's weekly page (二十二)."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ledger.models import Notification, NotificationKind
from ledger.models.weekly import WeeklyReminder
from ledger.weekly.figures import SHANGHAI, reporting_units
from ledger.weekly.services import weekly_remind, weekly_submit
from tests.conftest import PASSWORD
from tests.weekly.conftest import MONDAY

URL = reverse("weekly_county") + f"?date={MONDAY.isoformat()}"


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def submitted(personas, places):
    """保家镇 and 县农业农村委 have submitted the week; every other unit has not."""
    for unit, user in ((places["baojia_unit"], "alice"), (places["agri"], "dora")):
        weekly_submit(
            unit=unit,
            monday=MONDAY,
            by=personas[user],
            other_progress="无",
            now=datetime(2026, 11, 19, 15, 0, tzinfo=SHANGHAI),
        )
    return {places["baojia_unit"].code, places["agri"].code}


def listed_units(html: str) -> set[str]:
    import re

    return set(re.findall(r'<tr data-unit="([^"]+)"', html))


def test_unsubmitted_filter_lists_exactly_the_units_without_a_report(client, personas, submitted):
    login(client, personas["carl"])
    every = set(reporting_units().values_list("code", flat=True))
    html = client.get(URL + "&status=unsubmitted").content.decode()
    assert listed_units(html) == every - submitted
    assert f"未报送（{len(every) - 2}）" in html
    assert listed_units(client.get(URL).content.decode()) == every


def test_remind_ticked_units_records_a_row_each(client, personas, places, submitted):
    login(client, personas["olga"])
    hanjia, forestry = places["hanjia_unit"], places["forestry"]
    response = client.post(
        reverse("weekly_remind") + f"?date={MONDAY.isoformat()}",
        {"unit": [hanjia.code, forestry.code, places["baojia_unit"].code], "status": "unsubmitted"},
    )
    assert response.status_code == 302 and "status=unsubmitted" in response["Location"]
    rows = WeeklyReminder.objects.all()
    assert {(r.unit_id, r.week_start, r.sent_by_id) for r in rows} == {
        (hanjia.pk, MONDAY, personas["olga"].pk),
        (forestry.pk, MONDAY, personas["olga"].pk),
    }  # 保家镇 has submitted: not reminded
    html = client.get(response["Location"]).content.decode()
    assert "已提醒2个未报送的单位" in html and "已提醒 " in html


def test_remind_with_nothing_ticked_reminds_every_unsubmitted_unit(client, personas, submitted):
    login(client, personas["carl"])
    client.post(reverse("weekly_remind") + f"?date={MONDAY.isoformat()}")
    every = set(reporting_units().values_list("code", flat=True))
    assert set(WeeklyReminder.objects.values_list("unit__code", flat=True)) == every - submitted


def test_remind_button_confirms_and_posts(client, personas, submitted):
    login(client, personas["carl"])
    html = client.get(URL).content.decode()
    assert 'id="remind-form"' in html and "data-confirm=" in html and 'form="remind-form"' in html


def test_service_returns_the_units_reminded(personas, places, submitted):
    units = [places["hanjia_unit"], places["baojia_unit"], places["village_unit"]]
    reminded = weekly_remind(by=personas["carl"], units=units, monday=MONDAY)
    assert reminded == [places["hanjia_unit"]]  # submitted and non-reporting units left out
    assert WeeklyReminder.objects.get().unit == places["hanjia_unit"]


def test_each_reminded_units_staff_are_notified(personas, places, submitted):
    before = datetime(2026, 11, 19, 10, 0, tzinfo=SHANGHAI)  # Thursday morning, before 16:00
    weekly_remind(by=personas["carl"], units=[places["hanjia_unit"]], monday=MONDAY, now=before)
    [due] = Notification.objects.filter(user=personas["bob"])
    assert due.kind == NotificationKind.WEEKLY_DUE and due.url == reverse("weekly_report")
    assert due.text.startswith(f"{places['bureau'].name}提醒：") and "11月19日16:00前报送" in due.text
    after = datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)
    weekly_remind(by=personas["carl"], units=[places["hanjia_unit"]], monday=MONDAY, now=after)
    late = Notification.objects.filter(user=personas["bob"], kind=NotificationKind.WEEKLY_LATE).get()
    assert "已逾期" in late.text
    assert not Notification.objects.filter(user=personas["alice"]).exists()  # 保家镇 has submitted


@pytest.mark.parametrize("name", ["rita", "alice", "dora"])
def test_others_may_not_remind(client, personas, places, name):
    with pytest.raises(PermissionDenied):
        weekly_remind(by=personas[name], units=[places["hanjia_unit"]], monday=MONDAY)
    login(client, personas[name])
    assert client.post(reverse("weekly_remind") + f"?date={MONDAY.isoformat()}").status_code == 403
    assert not WeeklyReminder.objects.exists()


def test_reviewer_sees_the_filter_but_no_remind_button(client, personas, submitted):
    login(client, personas["rita"])
    html = client.get(URL + "&status=unsubmitted").content.decode()
    assert 'id="remind-form"' not in html and listed_units(html)
