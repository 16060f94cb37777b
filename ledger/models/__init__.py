from .divisions import Division, Unit
from .projects import Project
from .users import User
from .snapshots import MonthlySnapshot
from .documents import ProjectDocument

__all__ = ["Division", "Unit", "User", "Project"]
