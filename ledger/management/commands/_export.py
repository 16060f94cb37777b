"""What the export commands share: --out and --unit, the unit's scope, the file writing."""

from django.core.management.base import BaseCommand, CommandError

from ledger.exports.scope import Scope, scope_for_unit, unit_by_code
from ledger.models import Unit


class ExportCommand(BaseCommand):
    unit_required = False

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument(
            "--unit",
            required=self.unit_required,
            help="a unit's code (township or village division code, department short code); none: the whole county",
        )

    def scope(self, code: str | None) -> tuple[Unit | None, Scope]:
        try:
            unit = unit_by_code(code)
        except Unit.DoesNotExist:
            raise CommandError(f"没有代码为 {code} 的单位。") from None
        return unit, scope_for_unit(unit)

    def handle(self, *args, out, unit, **options):
        unit_obj, scope = self.scope(unit)
        with open(out, "wb") as f:
            written = self.export(f, unit_obj, scope)
        self.stdout.write(f"{out}: {written}")

    def export(self, f, unit, scope) -> str:
        raise NotImplementedError
