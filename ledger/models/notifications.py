"""In-app notifications: one row per user for each event that asks them to act (an
application reaching their step, returned, decided, a notice posted or ended, an objection,
a pushed project, the weekly report due or late, a round's date near). Written only by
ledger/notifications.py; the user reads them on the notifications page."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class NotificationKind(models.TextChoices):
    STEP = "step", "待办审批"
    RETURNED = "returned", "申请被退回"
    DECIDED = "decided", "审定结果"
    NOTICE_POSTED = "notice_posted", "公示张贴"
    NOTICE_ENDED = "notice_ended", "公示期满"
    OBJECTION = "objection", "公示异议"
    PUSH = "push", "推送项目"
    WEEKLY_DUE = "weekly_due", "周调度待报送"
    WEEKLY_LATE = "weekly_late", "周调度逾期未报"
    ROUND_DEADLINE = "round_deadline", "工作节点临近"


class Notification(models.Model):
    """One notification for one user. `key` names the object and the day of a reminder
    (kind:object:date), so a reminder run twice the same day adds nothing; an event's
    notification has no key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("类别", max_length=16, choices=NotificationKind.choices)
    text = models.CharField("内容", max_length=500)
    url = models.CharField("链接", max_length=300, blank=True)
    key = models.CharField("提醒键", max_length=120, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key"),
        ]

    def __str__(self) -> str:
        return self.text
