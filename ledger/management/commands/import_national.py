from django.core.management.base import BaseCommand

from ledger.imports.command import add_arguments, run
from ledger.models.imports import ImportSource


class Command(BaseCommand):
    help = "导入全国系统导出的扶贫项目资产管理台账（.xlsx/.csv），并推送到主管单位。"

    def add_arguments(self, parser):
        add_arguments(parser, with_mapping=True)

    def handle(self, *args, **options):
        run(self, options, ImportSource.NATIONAL)
