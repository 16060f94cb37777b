"""Onboard a district or county (区县): places, units, this year's round, first administrator."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pengshui.counties import county_add


class Command(BaseCommand):
    help = "开通一个区县：载入区划、按模板建立单位、建立本年度工作轮次和首个系统管理员（打印一次性密码）。"

    def add_arguments(self, parser):
        parser.add_argument("code", help="区县代码（6位），如 500102")
        parser.add_argument("--admin", required=True, help="首个系统管理员的用户名")
        parser.add_argument("--admin-name", default="", help="系统管理员姓名，如 张三")
        parser.add_argument("--plan-title", default="", help="本区县实施方案的标题（不含书名号）")
        parser.add_argument("--plan-number", default="", help="本区县实施方案的文号")

    def handle(self, *args, code, admin, admin_name, plan_title, plan_number, **options):
        try:
            done = county_add(
                code=code, admin_username=admin, admin_name=admin_name, plan_title=plan_title, plan_number=plan_number
            )
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from e
        county = done.county
        self.stdout.write(
            self.style.SUCCESS(
                f"已开通{county.name}（{county.code}）：{county.divisions.count()}个区划，{done.units}个单位，"
                f"{done.round_year}年度工作轮次。"
            )
        )
        self.stdout.write(f"系统管理员：{done.admin.username}，一次性密码：{done.password}（首次登录后须修改）")
