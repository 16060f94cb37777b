"""The database router (D121): reads inside ledger.replica.reading_from_replica() go to the
read replica named by settings.READ_REPLICA; every other read, every write and every
migration go to "default". Without a replica (READ_REPLICA empty) all goes to "default"."""

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from ledger.replica import replica_requested


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        replica: str = settings.READ_REPLICA
        if replica and replica_requested():
            return replica
        # Explicitly the primary: an object read from the replica must not lead its related
        # objects' reads there once the block has ended (Django would follow the instance).
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica holds the primary's rows: an object from either is the same object.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        # The replica follows the primary's schema by replication, never by migrate.
        return db == DEFAULT_DB_ALIAS or db not in (settings.READ_REPLICA, "replica")
