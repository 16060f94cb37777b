"""Count the database queries of each page and export for the current data, as a user.

Run it on two database sizes to show the counts do not grow with the number of projects:

    DATABASE_URL=sqlite:////tmp/b.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/b.sqlite3 python manage.py seed_demo --projects 200
    DATABASE_URL=sqlite:////tmp/b.sqlite3 python manage.py bench_queries --user xczxj
    DATABASE_URL=sqlite:////tmp/b.sqlite3 python manage.py seed_demo --projects 2000
    DATABASE_URL=sqlite:////tmp/b.sqlite3 python manage.py bench_queries --user xczxj
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from approvals.choices import MeetingKind
from approvals.selectors import applications_for, meetings_for
from ledger.access import projects_for
from ledger.exports.ledger_xlsx import write_ledger
from ledger.exports.scope import scope_for_unit
from ledger.imports.engine import import_preview
from ledger.models import Project, User

# (label, URL name, what its pk is of: None, "project", "application" or "meeting"); names not
# (yet) routed are skipped.
PAGES = [
    ("首页 home", "home", None),
    ("项目台账 list", "project_list", None),
    ("项目详情 detail", "project_detail", "project"),
    ("修改表单 edit form", "project_edit", "project"),
    ("打印申请表 print form", "project_print", "project"),
    ("报表导出 exports page", "exports", None),
    ("管理台账 ledger.xlsx", "export_ledger", None),
    ("统计表 statistics.xlsx", "export_statistics", None),
    ("后台任务 jobs", "job_list", None),  # the forms workbook is a background job now
    ("归档目录 archive", "archive", None),
    ("历月报表 monthly", "snapshot_list", None),
    ("导入 imports", "import_upload", None),
    ("推送 pushes", "push_list", None),
    ("待调研 waiting", "push_waiting", None),
    ("周调度 weekly", "weekly_report", None),
    ("周调度汇总 county", "weekly_county", None),
    ("周调度 weekly.xlsx", "weekly_export", None),  # with the data-quality watch's summary sheet
    ("数据质量提醒 watch", "watch", None),
    ("待办 approvals inbox", "approvals:inbox", None),
    ("申请 application", "approvals:detail", "application"),
    ("会议 meetings", "approvals:meetings", None),
    ("县领导小组会议 batch decision", "approvals:meeting", "meeting"),
    ("公示 notices", "approvals:notices", None),
]


class Command(BaseCommand):
    help = "Count the queries of each page for a user (a benchmark, not a test)."

    def add_arguments(self, parser):
        parser.add_argument("--user", default="xczxj")

    def handle(self, *args, user, **options):
        try:
            who = User.objects.get(username=user)
        except User.DoesNotExist:
            raise CommandError(f"no user {user!r}; run seed_demo first") from None
        objects = {
            "project": projects_for(who).order_by("pk").first(),
            "application": applications_for(who).order_by("pk").first(),
            "meeting": meetings_for(who).filter(kind=MeetingKind.COUNTY).order_by("-pk").first(),
        }
        logging.getLogger("django.request").setLevel(logging.ERROR)  # a refused page is a figure here
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(who)
        self.stdout.write(f"user {user}, projects in scope {projects_for(who).count()}, all {Project.objects.count()}")
        for label, name, of in PAGES:
            target = objects[of] if of else None
            if of and target is None:
                continue
            try:
                url = reverse(name, kwargs={"pk": target.pk} if target is not None else None)
            except NoReverseMatch:
                continue
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                elapsed = time.perf_counter() - start
            self.stdout.write(
                f"{label:<24} {url:<32} status {response.status_code}  queries {len(ctx):>3}  {elapsed * 1000:7.0f} ms"
            )
        # the preview of importing the county's own ledger back (every row already there)
        import io

        buf = io.BytesIO()
        write_ledger(buf, scope_for_unit(None).projects, unit_name="彭水县乡村振兴局")
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            preview = import_preview(data=buf.getvalue(), filename="ledger.xlsx", source="ledger")
            elapsed = time.perf_counter() - start
        self.stdout.write(
            f"{'台账导入预览 ledger import':<24} {len(preview.outcomes):>5} rows{'':<21} queries "
            f"{len(ctx):>3}  {elapsed * 1000:7.0f} ms"
        )
