from ledger.exports.statistics import write_statistics

from ._export import ExportCommand


class Command(ExportCommand):
    help = "Write the statistics table (附件4) of a unit, or of the whole county, as .xlsx."

    def export(self, f, unit, scope) -> str:
        n = write_statistics(
            f,
            scope.projects,
            unit_name=scope.unit_name,
            group_by=scope.group_by,
            township=scope.township,
            county=scope.county,
        )
        return f"{n} regions"
