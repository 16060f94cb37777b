from django.core.management.base import BaseCommand

from approvals.services import close_due_notices


class Command(BaseCommand):
    help = "结束已期满且无未处理异议的公示，使其分类生效（供定时任务每日运行）。"

    def handle(self, *args, **options):
        closed = close_due_notices()
        for notice in closed:
            self.stdout.write(f"公示 #{notice.pk}（{notice.unit}，{notice.posted_on:%Y-%m-%d} 张贴）已结束，分类生效。")
        self.stdout.write(f"共结束 {len(closed)} 份公示。")
