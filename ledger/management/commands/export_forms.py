from ledger.exports.forms import write_forms, write_forms_zip

from ._export import ExportCommand


class Command(ExportCommand):
    help = (
        "Write the application forms (附件1–3) of a unit, or of the whole county: as one .xlsx with one sheet "
        "per project, or, with --out ending in .zip, as a zip of one workbook per township."
    )

    def export(self, f, unit, scope) -> str:
        if f.name.endswith(".zip"):
            return f"{write_forms_zip(f, scope.projects)} forms"
        return f"{write_forms(f, scope.projects)} forms"
