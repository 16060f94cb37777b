from .applications import Application, Document, JointReview, Opinion, RevitalisationPlan, Transition
from .calendar import Holiday, Round
from .meetings import Meeting
from .notices import Notice, Objection
from .progress import Progress

__all__ = [
    "Application", "Document", "JointReview", "Opinion", "RevitalisationPlan", "Transition",
    "Holiday", "Round", "Meeting", "Notice", "Objection", "Progress",
]
