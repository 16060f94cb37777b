"""Load Chongqing's counties, townships and villages (fixtures/chongqing_divisions.csv)."""

from django.core.management.base import BaseCommand, CommandError

from ledger.counties import load_divisions


class Command(BaseCommand):
    help = "载入重庆市区县、乡镇(街道)和村(居)区划：--county 指定区县，--all 全部；可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--county", action="append", default=[], help="区县代码（6位），可多次指定")
        parser.add_argument("--all", action="store_true", help="载入全部38个区县")

    def handle(self, *args, county, all, **options):
        if not county and not all:
            raise CommandError("请用 --county 指定区县代码，或用 --all 载入全部区县。")
        try:
            result = load_divisions(None if all else county)
        except ValueError as e:
            raise CommandError(str(e)) from e
        created, renamed = result.created, result.renamed
        self.stdout.write(
            f"新增：区县 {created['county']}，乡镇(街道) {created['township']}，村(居) {created['village']}；"
            f"更名：区县 {renamed['county']}，乡镇(街道) {renamed['township']}，村(居) {renamed['village']}。"
        )
