from ledger.exports.forms import write_forms

from ._export import ExportCommand


class Command(ExportCommand):
    help = "Write the application forms (附件1–3) of a unit, or of the whole county, as .xlsx, one sheet per project."

    def export(self, f, unit, scope) -> str:
        n = write_forms(f, scope.projects)
        return f"{n} forms"
