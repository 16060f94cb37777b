"""The settings the tests run with: the real ones (pengshui.settings), given the secret key
that production must set in the environment. Nothing else differs from production: DEBUG
stays off, and the database is still chosen by DATABASE_URL (SQLite when unset)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-test-key-never-use-in-production")

from pengshui.settings import *  # noqa: F403

# Jobs run at once, in the test's process, through django-q2's real task code.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
