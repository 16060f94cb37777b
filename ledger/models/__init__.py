from .divisions import Division, Unit
from .projects import Project
from .users import User
from .snapshots import MonthlySnapshot
from .documents import ProjectDocument
from . import imports, weekly  # noqa: F401  (import batches, pushes, weekly reports)

__all__ = ["Division", "Unit", "User", "Project"]
