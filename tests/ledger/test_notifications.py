"""The notifications page: a user's own notifications only (another's answers 404), read and
unread, opening one marks it read and lands where to act; marking one or all read; the
counts in the navigation bar; e-mail only when NOTIFY_BY_EMAIL is on."""

import pytest
from django.core import mail
from django.urls import reverse

from ledger.models import Notification, NotificationKind
from ledger.models.imports import ProjectPush
from ledger.notifications import notify


def note(user, text="“某项目”的分类申请已到您这一步：待乡镇(街道)意见，请办理。", url="/approvals/1/", **extra):
    return Notification.objects.create(user=user, kind=NotificationKind.STEP, text=text, url=url, **extra)


def test_the_page_lists_only_the_users_own_notifications(client, personas):
    mine = note(personas["alice"], text="给alice的通知")
    note(personas["bob"], text="给bob的通知")
    client.force_login(personas["alice"])
    page = client.get(reverse("notifications")).content.decode()
    assert "给alice的通知" in page and "给bob的通知" not in page
    assert f'data-notification="{mine.pk}"' in page and "未读" in page


def test_another_users_notification_answers_404(client, personas):
    theirs = note(personas["bob"])
    client.force_login(personas["alice"])
    assert client.get(reverse("notification_open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notification_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_lands_where_to_act(client, personas):
    mine = note(personas["alice"], url="/approvals/7/")
    client.force_login(personas["alice"])
    response = client.get(reverse("notification_open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/approvals/7/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_a_link_to_another_site_is_not_followed(client, personas):
    mine = note(personas["alice"], url="https://example.com/")
    client.force_login(personas["alice"])
    assert client.get(reverse("notification_open", args=[mine.pk]))["Location"] == reverse("notifications")


def test_mark_one_and_all_read(client, personas):
    first, *_ = (note(personas["alice"], text=f"通知{i}") for i in range(3))
    other = note(personas["bob"])
    client.force_login(personas["alice"])
    assert client.post(reverse("notification_read", args=[first.pk])).status_code == 302
    assert Notification.objects.filter(user=personas["alice"], read_at__isnull=True).count() == 2
    unread = client.get(reverse("notifications") + "?show=unread").content.decode()
    assert "通知1" in unread and "通知0" not in unread
    response = client.post(reverse("notifications_read_all"), follow=True)
    assert "已将2条通知标为已读。" in response.content.decode()
    assert not Notification.objects.filter(user=personas["alice"], read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None  # bob's untouched
    assert client.get(reverse("notifications_read_all")).status_code == 405


def test_the_bar_shows_the_unread_count_and_the_to_dos(client, personas, make_project, places):
    for i in range(3):
        note(personas["alice"], text=f"通知{i}")
    note(personas["alice"], text="已读", read_at="2026-01-01T00:00:00Z")
    for _ in range(2):
        project = make_project(managing_level="township", managing_unit=places["baojia_unit"], village=None)
        ProjectPush.objects.create(project=project, unit=places["baojia_unit"])
    client.force_login(personas["alice"])
    page = client.get(reverse("project_list")).content.decode()
    assert '<span class="badge rounded-pill bg-danger" id="unread-count">3</span>' in page
    # two pushed projects to survey and this week's report not sent (二十二)
    assert 'id="todo-count">3</span>' in page and "待调研项目2项；本周周调度待报送1项" in page


def test_no_badge_when_nothing_waits(client, personas):
    client.force_login(personas["carl"])
    page = client.get(reverse("home")).content.decode()
    assert 'id="nav-notifications"' in page and "unread-count" not in page and "todo-count" not in page


def test_notify_skips_who_acted_and_inactive_users_and_repeats_of_a_key(personas):
    personas["bob"].is_active = False
    personas["bob"].save()
    users = [personas["alice"], personas["bob"], personas["vera"]]
    created = notify(users=users, kind=NotificationKind.PUSH, text="x", by=personas["vera"], key="push:1:2026-11-26")
    assert [n.user for n in created] == [personas["alice"]]
    # again, by the schedule: alice was told of this key already, vera was not
    again = notify(users=users, kind=NotificationKind.PUSH, text="x", key="push:1:2026-11-26")
    assert [n.user for n in again] == [personas["vera"]]
    assert notify(users=users, kind=NotificationKind.PUSH, text="x", key="push:1:2026-11-26") == []
    assert Notification.objects.filter(user=personas["alice"]).count() == 1
    assert not Notification.objects.filter(user=personas["bob"]).exists()


@pytest.mark.parametrize("enabled, sent", [(True, 1), (False, 0)])
def test_email_only_when_enabled(personas, settings, django_capture_on_commit_callbacks, enabled, sent):
    settings.NOTIFY_BY_EMAIL = enabled
    settings.SITE_URL = "https://ledger.example.gov.cn"
    personas["alice"].email = "alice@example.gov.cn"
    personas["alice"].save()
    with django_capture_on_commit_callbacks(execute=True):
        users = [personas["alice"], personas["bob"]]
        notify(users=users, kind=NotificationKind.STEP, text="请办理", url="/approvals/3/")
    assert len(mail.outbox) == sent
    if sent:
        assert mail.outbox[0].to == ["alice@example.gov.cn"]
        assert mail.outbox[0].subject == "彭水“四个一批”管理系统：待办审批"
        assert "请办理" in mail.outbox[0].body and "https://ledger.example.gov.cn/approvals/3/" in mail.outbox[0].body


def test_a_push_tells_the_unit_it_was_pushed_to(personas, places, make_project):
    from ledger.imports.push import push_reassign

    project = make_project(managing_level="township", managing_unit=places["baojia_unit"], village=None)
    push = ProjectPush.objects.create(project=project, unit=places["baojia_unit"])
    push_reassign(pushes=[push.pk], unit=places["agri"], by=personas["carl"])
    rows = list(Notification.objects.filter(kind=NotificationKind.PUSH).select_related("user"))
    assert [r.user.username for r in rows] == ["dora"]  # 县农业农村委, not 县林业局's dan nor the bureau
    assert "推送了1个项目" in rows[0].text and rows[0].url == reverse("push_waiting")
