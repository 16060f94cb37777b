from django.core.management.base import BaseCommand

from ledger.imports.command import add_arguments, run
from ledger.models.imports import ImportSource


class Command(BaseCommand):
    help = "导入本系统导出的管理台账（附件5，.xlsx）。"

    def add_arguments(self, parser):
        add_arguments(parser, with_mapping=False)

    def handle(self, *args, **options):
        run(self, options, ImportSource.LEDGER)
