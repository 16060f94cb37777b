from django.core.management import call_command

from .conftest import open_xlsx


def test_department_unit_counts_its_projects(tmp_path, make_project, places):
    make_project(managing_level="department", managing_unit=places["agri"])
    make_project()
    out = tmp_path / "s.xlsx"
    call_command("export_statistics", "--out", str(out), "--unit", "NYNCW")
    ws = open_xlsx(out.read_bytes()).active
    assert "填报单位：县农业农村委" in ws["A2"].value
    total = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] == "合计")
    assert total[3] == 1


def test_county_table_without_unit(tmp_path, make_project):
    make_project()
    make_project()
    out = tmp_path / "s.xlsx"
    call_command("export_statistics", "--out", str(out))
    ws = open_xlsx(out.read_bytes()).active
    total = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] == "合计")
    assert total[3] == 2
