from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ledger.models import County
from ledger.weekly.export import write_weekly
from ledger.weekly.figures import reporting_units, week_start


class Command(BaseCommand):
    help = "导出周调度（包含该日期的一周）：全县汇总表，或 --unit 指定单位的周报。"

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="YYYY-MM-DD，取其所在的周（周一至周日）")
        parser.add_argument("--out", required=True, help="输出的 .xlsx 文件")
        parser.add_argument("--unit", help="单位代码")
        parser.add_argument(
            "--county", default=settings.DEFAULT_COUNTY_CODE, help="区县代码（默认 DEFAULT_COUNTY_CODE）"
        )

    def handle(self, *args, **options):
        try:
            monday = week_start(date.fromisoformat(options["date"]))
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        county = County.objects.filter(code=options["county"]).first()
        if county is None:
            raise CommandError(f"找不到区县：{options['county']}")
        units = None
        if options.get("unit"):
            unit = reporting_units(county.pk).filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"找不到报送单位：{options['unit']}")
            units = [unit]
        with open(options["out"], "wb") as out:
            write_weekly(out, monday, units=units, county=county)
        self.stdout.write(self.style.SUCCESS(f"已导出 {monday.isoformat()} 这一周的周调度：{options['out']}"))
