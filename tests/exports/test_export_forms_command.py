from django.core.management import call_command

from .conftest import open_xlsx


def test_writes_one_sheet_per_project_of_the_unit(tmp_path, make_project, places):
    mine = make_project()
    make_project(
        township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
    )
    out = tmp_path / "f.xlsx"
    call_command("export_forms", "--out", str(out), "--unit", places["baojia_unit"].code)
    assert open_xlsx(out.read_bytes()).sheetnames == [mine.number]
    call_command("export_forms", "--out", str(out))
    assert len(open_xlsx(out.read_bytes()).sheetnames) == 2
