"""Add a user of the municipal office (市级): reads every county, changes nothing (D116, D140)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pengshui.counties import municipal_user_add


class Command(BaseCommand):
    help = "新建一个市级用户（查阅各区县、不能修改）：需要时建立市级单位，打印一次性密码，首次登录后须修改。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="市级用户的用户名")
        parser.add_argument("--name", default="", help="姓名，如 张三")
        parser.add_argument("--unit", default="", help="所属市级单位的代码（已有多个市级单位时须指明）")

    def handle(self, *args, username, name, unit, **options):
        try:
            done = municipal_user_add(username=username, name=name, unit_code=unit)
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from e
        if done.unit_created:
            self.stdout.write(f"已建立市级单位：{done.unit.name}（{done.unit.code}）。")
        self.stdout.write(
            self.style.SUCCESS(f"已新建市级用户 {done.user.username}（{done.unit.name}），可查阅各区县，不能修改。")
        )
        self.stdout.write(f"市级用户：{done.user.username}，一次性密码：{done.password}（首次登录后须修改）")
