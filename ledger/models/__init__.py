from .divisions import Division, Unit
from .projects import Project
from .users import User

__all__ = ["Division", "Unit", "User", "Project"]
