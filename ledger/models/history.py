"""The history of a record: django-simple-history, with its author kept for good.

simple-history points a history row at its author with `on_delete=SET_NULL`, so deleting
a user would erase who made each change. Here the author is protected like every other
reference to a user who acted: a user who acted is deactivated, never deleted
(docs/decisions.md, "Nothing lost, everything traced")."""

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class AuditedHistory(HistoricalRecords):
    """`HistoricalRecords` whose `history_user` is `on_delete=PROTECT`."""

    def _get_history_user_fields(self) -> dict[str, Any]:
        return {
            "history_user": models.ForeignKey(
                settings.AUTH_USER_MODEL,
                null=True,
                related_name="+",
                on_delete=models.PROTECT,
                verbose_name="修改人",
            )
        }
