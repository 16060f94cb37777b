from ledger.exports.ledger_xlsx import write_ledger

from ._export import ExportCommand


class Command(ExportCommand):
    help = "Write the management ledger (附件5) of a unit, or of the whole county, as .xlsx."

    def export(self, f, unit, scope) -> str:
        n = write_ledger(f, scope.projects, unit_name=scope.unit_name, county_name=scope.county_name)
        return f"{n} projects"
