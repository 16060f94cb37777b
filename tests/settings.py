"""The settings the tests run with: the real ones (pengshui.settings), given the secret key
that production must set in the environment. Nothing else differs from production: DEBUG
stays off, and the database is still chosen by DATABASE_URL (SQLite when unset)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-test-key-never-use-in-production")

from pengshui.settings import *  # noqa: F403

# Jobs run at once, in the test's process, through django-q2's real task code.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405

# A second alias for the replica's tests (tests/deploy/test_replica.py): in the tests a mirror
# of "default" (the same test database through its own connection). READ_REPLICA stays empty,
# as without DATABASE_REPLICA_URL, so the other tests read from "default"; the replica's tests
# turn it on.
DATABASES = {**DATABASES, "replica": {**DATABASES["default"], "TEST": {"MIRROR": "default"}}}  # noqa: F405

# TEST_STORAGE=memory runs the suite with every stored file in Django's InMemoryStorage: any
# code reaching a stored file by a path on disk fails (D123). tests/deploy runs the file
# paths that way in every run (the `memory_storage` fixture).
if os.environ.get("TEST_STORAGE") == "memory":
    STORAGES = {**STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}  # noqa: F405
