"""Every write of the approvals. Each transition locks the application, checks its state
against the transition table (approvals.route.TRANSITIONS) and the user through
ledger.access, and writes a history row (approvals.services.common.move)."""

from .applications import (
    application_agree,
    application_create,
    application_file,
    application_return,
    application_update,
    application_withdraw,
    refiling_file,
    refiling_record,
)
from .decisions import Item, county_decide, meeting_create, meeting_minutes_upload
from .disposal import application_complete, application_evaluate, progress_add
from .documents import document_add, joint_review_save, revitalisation_plan_save
from .exits import (
    exit_create,
    exit_file,
    recovery_record,
    recovery_settle,
    recovery_write_off,
)
from .letters import letter_numbering_save
from .notices import (
    close_due_notices,
    notice_close,
    notice_post,
    notice_posting_record,
    objection_lodge_online,
    objection_record,
    objection_resolve,
)
from .rounds import round_for_year, round_save
from .surveys import PhotoIn, survey_record, survey_report_attach

__all__ = [
    "Item",
    "PhotoIn",
    "application_agree",
    "application_complete",
    "application_create",
    "application_evaluate",
    "application_file",
    "application_return",
    "application_update",
    "application_withdraw",
    "close_due_notices",
    "county_decide",
    "document_add",
    "exit_create",
    "exit_file",
    "joint_review_save",
    "letter_numbering_save",
    "meeting_create",
    "meeting_minutes_upload",
    "notice_close",
    "notice_post",
    "notice_posting_record",
    "objection_lodge_online",
    "objection_record",
    "objection_resolve",
    "progress_add",
    "recovery_record",
    "recovery_settle",
    "recovery_write_off",
    "refiling_file",
    "refiling_record",
    "revitalisation_plan_save",
    "round_for_year",
    "round_save",
    "survey_record",
    "survey_report_attach",
]
