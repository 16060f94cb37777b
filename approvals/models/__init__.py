from .applications import Application, ApplicationCopy, Document, JointReview, Opinion, RevitalisationPlan, Transition
from .calendar import Holiday, HolidayYear, Round
from .exits import Recovery
from .meetings import Meeting
from .notices import Notice, NoticePosting, Objection
from .progress import Progress

__all__ = [
    "Application",
    "ApplicationCopy",
    "Document",
    "Holiday",
    "HolidayYear",
    "JointReview",
    "Meeting",
    "Notice",
    "NoticePosting",
    "Objection",
    "Opinion",
    "Progress",
    "Recovery",
    "RevitalisationPlan",
    "Round",
    "Transition",
]
