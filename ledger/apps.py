from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = "项目台账"

    def ready(self) -> None:
        # The ledger's own documents come first in a unit's archive (附件6): the tables the
        # system produces (items 1–3) and the uploaded contracts (item 5).
        from ledger import audit, extensions
        from ledger.exports.archive import contracts, system_tables

        extensions.archive_documents.register(system_tables)
        extensions.archive_documents.register(contracts)
        # The data-quality watch's count on the home page (ledger/watch.py).
        extensions.home_panels.register(extensions.Panel("ledger/watch_panel.html"))
        # The audit trail: log-ins, log-outs, lockouts, changes of users and roles.
        audit.connect()
