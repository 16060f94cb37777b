import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from ledger.choices import CONFINED_ROLES, ROLE_UNIT_KIND, Role

CJK = re.compile(r"[\u3400-\u9fff]")


class User(AbstractUser):
    """A person working in one unit, with one role."""

    unit = models.ForeignKey(
        "ledger.Unit", verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)
    must_change_password = models.BooleanField(
        "须修改密码",
        default=False,
        help_text="登录后须先修改密码。管理员新建用户或重设密码时自动勾选。",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def clean(self) -> None:
        super().clean()
        if self.role and self.unit is None:
            raise ValidationError({"unit": "有角色的用户必须属于一个单位。"})
        if self.role and self.unit is not None and self.unit.kind != ROLE_UNIT_KIND[Role(self.role)]:
            raise ValidationError({"role": f"角色“{self.get_role_display()}”与单位“{self.unit}”的类别不符。"})
        if self.role in CONFINED_ROLES and (self.is_staff or self.is_superuser):
            # 三员分立: the security and the audit administrator hold no other rights.
            raise ValidationError(
                {"role": f"“{self.get_role_display()}”不能同时是管理后台人员或超级用户（三员分立）。"}
            )

    def get_full_name(self) -> str:
        """A Chinese name is written family name first, with no space (张 + 建国 → 张建国);
        other names as Django writes them."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if CJK.search(first + last):
            return f"{last}{first}"
        return super().get_full_name()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
