"""The audit trail (安全审计, GB/T 22239-2019): who did what, when, from which address.

Append-only: the application writes new events and never changes or deletes one. `save`
refuses an update, `delete` refuses, and the manager's querysets refuse `update` and
`delete`; the only deletion is `prune_audit`, which removes events older than the retention
period (AUDIT_RETENTION_DAYS, never under 180 days) and records its own run. The model is not
registered in the admin: only the audit administrator reads it, on its own page."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, NoReturn

from django.db import models


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录成功"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "登录锁定"
    LOGOUT = "logout", "退出登录"
    UNLOCK = "unlock", "解除锁定"
    PASSWORD_RESET = "password_reset", "重设密码"
    PASSWORD_CHANGE = "password_change", "修改密码"
    EXPORT = "export", "导出文件"
    DOWNLOAD = "download", "下载文件"
    IMPORT_UPLOAD = "import_upload", "上传导入文件"
    IMPORT_COMMIT = "import_commit", "确认导入"
    USER_CREATE = "user_create", "新建用户"
    USER_CHANGE = "user_change", "修改用户或角色"
    USER_DELETE = "user_delete", "删除用户"
    APPROVAL = "approval", "审批办理"
    PRUNE = "prune", "清理过期审计记录"


class AppendOnly(Exception):
    """An attempt to change or delete an audit event."""


REFUSAL = "审计记录只能新增，不能修改或删除。"


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly(REFUSAL)

    def delete(self) -> NoReturn:
        raise AppendOnly(REFUSAL)

    def prune(self, before: datetime) -> int:
        """Delete the events older than `before`: the one deletion path, for prune_audit."""
        deleted, _ = models.QuerySet.delete(self.filter(at__lt=before))
        return deleted


class AuditEvent(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    # No database constraint and nothing done on delete: deleting an account never rewrites
    # (nor is refused by) its events, which keep its id and name.
    user = models.ForeignKey(
        "ledger.User",
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The county of the user's unit when the event was written (none for a log-in by a name
    # that is no account, or the municipal office): the auditor reads their county's (D113).
    county = models.ForeignKey(
        "ledger.County",
        verbose_name="区县",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The name as typed or as it was then: kept when the account is renamed or never existed.
    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    action = models.CharField("操作", max_length=32, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("对象类别", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or self.pk is not None:
            raise AppendOnly(REFUSAL)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly(REFUSAL)

    @property
    def detail_text(self) -> str:
        return json.dumps(self.detail, ensure_ascii=False, sort_keys=True) if self.detail else ""
