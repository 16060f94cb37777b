import pytest
from django.core.management import CommandError, call_command

from .conftest import open_xlsx


def test_writes_the_county_ledger(tmp_path, make_project, places):
    make_project(name="甲")
    make_project(
        name="乙",
        township=places["hanjia"],
        village=places["hanjia_village"],
        managing_unit=places["hanjia_village_unit"],
    )
    out = tmp_path / "l.xlsx"
    call_command("export_ledger", "--out", str(out))
    ws = open_xlsx(out.read_bytes()).active
    assert "填报单位：彭水自治县" in ws["A2"].value
    assert {ws.cell(r, 2).value for r in (5, 6)} == {"甲", "乙"}


def test_unit_option_limits_to_the_unit(tmp_path, make_project, places):
    make_project(name="甲")
    make_project(
        name="乙",
        township=places["hanjia"],
        village=places["hanjia_village"],
        managing_unit=places["hanjia_village_unit"],
    )
    out = tmp_path / "l.xlsx"
    call_command("export_ledger", "--out", str(out), "--unit", places["hanjia_unit"].code)
    ws = open_xlsx(out.read_bytes()).active
    assert ws.cell(5, 2).value == "乙" and ws.cell(6, 2).value is None


def test_unknown_unit_is_refused(tmp_path, county):
    with pytest.raises(CommandError, match="没有代码为 NOPE 的单位"):
        call_command("export_ledger", "--out", str(tmp_path / "x.xlsx"), "--unit", "NOPE")
