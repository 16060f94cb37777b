import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from approvals.calendar import NOTICE_WORKDAYS, notice_end


class Command(BaseCommand):
    help = "公示期截止日期：张贴日期之后第5个工作日（张贴当日不计），并说明所跨年份的日历是否已确认。"

    def add_arguments(self, parser):
        parser.add_argument("posted_on", help="张贴日期，格式 YYYY-MM-DD")

    def handle(self, *args, posted_on, **options):
        try:
            day = dt.date.fromisoformat(posted_on)
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{posted_on}") from None
        result = notice_end(day)
        self.stdout.write(f"张贴日期 {day:%Y-%m-%d}，公示{NOTICE_WORKDAYS}个工作日，最早截止 {result.end:%Y-%m-%d}")
        years = range(day.year, result.end.year + 1)
        for year in years:
            ok = year not in result.unconfirmed_years
            self.stdout.write(f"{year}年日历：{'已确认' if ok else '未确认（仅按周末计算）'}")
        if not result.confirmed:
            self.stdout.write(self.style.WARNING(result.warning))
