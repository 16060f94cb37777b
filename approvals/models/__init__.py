from .applications import Application, ApplicationCopy, Document, JointReview, Opinion, RevitalisationPlan, Transition
from .calendar import Holiday, HolidayYear, Round
from .exits import Recovery
from .letters import DecisionLetter, LetterNumbering
from .meetings import Meeting
from .notices import Notice, NoticePosting, Objection
from .progress import Progress
from .surveys import FieldSurvey, SurveyPhoto

__all__ = [
    "Application",
    "ApplicationCopy",
    "DecisionLetter",
    "Document",
    "FieldSurvey",
    "Holiday",
    "HolidayYear",
    "JointReview",
    "LetterNumbering",
    "Meeting",
    "Notice",
    "NoticePosting",
    "Objection",
    "Opinion",
    "Progress",
    "Recovery",
    "RevitalisationPlan",
    "Round",
    "SurveyPhoto",
    "Transition",
]
