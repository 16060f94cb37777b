from . import imports, weekly  # noqa: F401  (import batches, pushes, weekly reports)
from .audit import AuditAction, AuditEvent
from .divisions import County, Division, Unit
from .documents import ProjectDocument
from .jobs import Job, JobKind, JobStatus
from .notifications import Notification, NotificationKind
from .projects import Project
from .snapshots import MonthlySnapshot
from .users import User

__all__ = [
    "AuditAction",
    "AuditEvent",
    "County",
    "Division",
    "Job",
    "JobKind",
    "JobStatus",
    "MonthlySnapshot",
    "Notification",
    "NotificationKind",
    "Project",
    "ProjectDocument",
    "Unit",
    "User",
]
