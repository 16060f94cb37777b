from .applications import Application, ApplicationCopy, Document, JointReview, Opinion, RevitalisationPlan, Transition
from .calendar import Holiday, Round
from .meetings import Meeting
from .notices import Notice, Objection
from .progress import Progress

__all__ = [
    "Application",
    "ApplicationCopy",
    "Document",
    "Holiday",
    "JointReview",
    "Meeting",
    "Notice",
    "Objection",
    "Opinion",
    "Progress",
    "RevitalisationPlan",
    "Round",
    "Transition",
]
