from django.apps import AppConfig


class PengshuiConfig(AppConfig):
    """The project itself, as an app only for the commands that span the ledger and the
    approvals: the demo data set (seed_demo) and the benchmarks (bench_queries, bench_exports)."""

    name = "pengshui"
    verbose_name = "彭水“四个一批”"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from pengshui.middleware import note_log_in

        user_logged_in.connect(note_log_in, dispatch_uid="pengshui.note_log_in")
