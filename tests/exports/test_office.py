"""Each kind of export opens in LibreOffice (one conversion per kind: each takes seconds)."""

import zipfile
from io import BytesIO

import pytest

from ledger.exports.archive import write_catalogue
from ledger.exports.forms import write_forms, write_forms_zip
from ledger.exports.ledger_xlsx import write_ledger
from ledger.exports.scope import scope_for_unit
from ledger.exports.statistics import write_statistics
from tests.office import assert_opens_in_libreoffice

pytestmark = pytest.mark.office


def test_every_export_opens_in_libreoffice(make_project, places):
    make_project(remarks="=1+1")
    make_project(production_status="halted", use_state="idle", reason_funds=True)
    make_project(
        township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
    )
    scope = scope_for_unit(None)
    outputs = {}
    for name, write in {
        "ledger": lambda buf: write_ledger(buf, scope.projects, unit_name=scope.unit_name),
        "statistics": lambda buf: write_statistics(buf, scope.projects, unit_name=scope.unit_name),
        "forms": lambda buf: write_forms(buf, scope.projects),
        "catalogue": lambda buf: write_catalogue(buf, None),
    }.items():
        buf = BytesIO()
        write(buf)
        outputs[name] = buf.getvalue()
    package = BytesIO()
    write_forms_zip(package, scope.projects)
    with zipfile.ZipFile(package) as zf:  # a workbook of the forms package, as the county gets it
        outputs["forms package"] = zf.read(zf.namelist()[-1])
    for name, data in outputs.items():
        assert assert_opens_in_libreoffice(data).startswith(b"%PDF"), name
