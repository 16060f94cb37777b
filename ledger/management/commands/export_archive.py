from ledger.exports.archive import write_archive

from ._export import ExportCommand


class Command(ExportCommand):
    help = (
        "Write a unit's archive package (附件6): the catalogue and every filed document, in folders by item, as .zip."
    )
    unit_required = True

    def export(self, f, unit, scope) -> str:
        names = write_archive(f, unit)
        return f"{len(names)} files"
