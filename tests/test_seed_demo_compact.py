"""seed_demo's compaction of the projects' table (PostgreSQL): rewritten, then vacuumed, so
that its visibility map is full and the counts are index-only scans from the start."""

import pytest
from django.db import connection

from pengshui.management.commands.seed_demo import Command


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_the_compacted_table_is_all_visible(make_project):
    for _ in range(30):
        make_project()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_project SET remarks = remarks || '。'")  # dead copies, as the weekly demo leaves
    Command()._compact()
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpages, relallvisible FROM pg_class WHERE relname = 'ledger_project'")
        pages, visible = cursor.fetchone()
    assert pages > 0 and visible == pages, (pages, visible)
