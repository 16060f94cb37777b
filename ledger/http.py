"""Request types for the views."""

from django.http import HttpRequest

from ledger.models import User


class AuthenticatedRequest(HttpRequest):
    """A request past the log-in middleware: its user is a `User`."""

    user: User
