from .applications import Application, ApplicationCopy, Document, JointReview, Opinion, RevitalisationPlan, Transition
from .calendar import Holiday, Round
from .meetings import Meeting
from .notices import Notice, NoticePosting, Objection
from .progress import Progress

__all__ = [
    "Application",
    "ApplicationCopy",
    "Document",
    "Holiday",
    "JointReview",
    "Meeting",
    "Notice",
    "NoticePosting",
    "Objection",
    "Opinion",
    "Progress",
    "RevitalisationPlan",
    "Round",
    "Transition",
]
