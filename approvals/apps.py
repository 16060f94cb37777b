from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "分类审批"

    def ready(self):
        from approvals.archive import approval_documents
        from approvals.selectors import progress_by_project
        from ledger.exports import archive, ledger_xlsx

        archive.register(approval_documents)
        ledger_xlsx.register_progress_source(progress_by_project)
