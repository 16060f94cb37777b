from django.apps import AppConfig

# The menu entries of the approvals, after the ledger's 项目台账; every signed-in user sees them.
NAV_ITEMS = [
    ("待办审批", "approvals:inbox"),
    ("会议", "approvals:meetings"),
    ("公示", "approvals:notices"),
    ("退出和追偿", "approvals:exits"),
]


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "分类审批"

    def ready(self) -> None:
        """Fill every extension point of the ledger (ledger/extensions.py) with what the
        approvals record."""
        from approvals.archive import approval_documents, forms_gaps
        from approvals.selectors import (
            class_decision_text,
            exit_progress_by_project,
            open_application_refusal,
            progress_by_project,
            todo_counts,
            weekly_progress,
            weekly_progress_many,
        )
        from approvals.watch import watch_sections
        from ledger import access, extensions

        extensions.ledger_progress.register(progress_by_project)  # column 27 of 附件5
        extensions.ledger_progress.register(exit_progress_by_project)  # ... and an exit's recovery (wins)
        extensions.archive_documents.register(approval_documents)  # items 1, 4–6 of 附件6
        extensions.archive_gaps.register(forms_gaps)  # item 1: every filed application has its copy
        extensions.weekly_progress.register(weekly_progress)  # item 2 of the weekly dispatch (二十二)
        extensions.weekly_progress_many.register(weekly_progress_many)
        extensions.project_panels.register(extensions.Panel("approvals/project_panel.html"))
        extensions.home_panels.register(extensions.Panel("approvals/home_panel.html"))
        extensions.home_panels.register(extensions.Panel("approvals/calendar_reminder.html"))  # D9, from 1 Nov
        extensions.open_application_blocks.register(open_application_refusal)  # who manages a project
        extensions.class_decision.register(class_decision_text)  # the class in force on the project page
        extensions.todo_counts.register(todo_counts)  # the count in the navigation bar: the inbox's steps
        extensions.watch_items.register(watch_sections)  # the data-quality watch: rounds and progress
        for label, url_name in NAV_ITEMS:
            extensions.nav_items.register(extensions.NavItem(label, url_name))
        extensions.nav_items.register(
            extensions.NavItem("节假日安排", "approvals:holidays_now", access.maintains_calendar)
        )
