import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from approvals.calendar import NOTICE_WORKDAYS, complete_years, notice_end, package_knows


class Command(BaseCommand):
    help = (
        "公示期截止日期：张贴日期之后第5个工作日（张贴当日不计）；所跨年份的节假日安排尚未录入的，"
        "与公示页面一样提示“公示截止日待确认”。"
    )

    def add_arguments(self, parser):
        parser.add_argument("posted_on", help="张贴日期（两处张贴中较晚的一处），格式 YYYY-MM-DD")

    def handle(self, *args, posted_on, **options):
        try:
            day = dt.date.fromisoformat(posted_on)
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{posted_on}") from None
        result = notice_end(day)
        head = f"张贴日期 {day:%Y-%m-%d}，公示{NOTICE_WORKDAYS}个工作日"
        last = result.end.year if result.end else result.pending_year
        complete = complete_years()
        for year in range(day.year, (last or day.year) + 1):
            if package_knows(year):
                source = "已确认（系统内置日历）"
            elif year in complete:
                source = "已确认（已完整录入）"
            else:
                source = "尚未录入"
            self.stdout.write(f"{year}年节假日安排：{source}")
        if result.end:
            self.stdout.write(f"{head}，最早截止 {result.end:%Y-%m-%d}")
        else:
            self.stdout.write(self.style.WARNING(f"{head}；{result.warning}"))
