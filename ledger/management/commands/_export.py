"""What the export commands share: --out, --county and --unit, the unit's scope, the file
writing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ledger.exports.scope import Scope, scope_for_unit, unit_in_county
from ledger.models import County, Unit


class ExportCommand(BaseCommand):
    unit_required = False

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument(
            "--unit",
            required=self.unit_required,
            help="a unit's code (township or village division code, department short code); none: the whole county",
        )
        parser.add_argument(
            "--county",
            default=settings.DEFAULT_COUNTY_CODE,
            help="the county's 6-digit code (default: DEFAULT_COUNTY_CODE)",
        )

    def scope(self, code: str | None, county_code: str = settings.DEFAULT_COUNTY_CODE) -> tuple[Unit | None, Scope]:
        county = County.objects.filter(code=county_code).first()
        if county is None:
            raise CommandError(f"没有代码为 {county_code} 的区县。")
        try:
            unit = unit_in_county(code, county)
        except Unit.DoesNotExist:
            raise CommandError(f"{county.name}没有代码为 {code} 的单位。") from None
        return unit, scope_for_unit(unit, county)

    def handle(self, *args, out, unit, county=settings.DEFAULT_COUNTY_CODE, **options):
        unit_obj, scope = self.scope(unit, county)
        with open(out, "wb") as f:
            written = self.export(f, unit_obj, scope)
        self.stdout.write(f"{out}: {written}")

    def export(self, f, unit, scope) -> str:
        raise NotImplementedError
