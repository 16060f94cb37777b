"""python manage.py weekly_report --date --out [--unit]."""

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_county_summary_for_the_week_containing_the_date(dataset, tmp_path):
    out = tmp_path / "w.xlsx"
    call_command("weekly_report", "--date", "2026-11-22", "--out", str(out))
    ws = openpyxl.load_workbook(out).active
    assert "2026-11-16 至 2026-11-22" in ws["A2"].value
    names = [ws.cell(r, 2).value for r in range(4, ws.max_row + 1)]
    assert "保家镇人民政府" in names and "县农业农村委" in names and names[-1] == "全县（各乡镇街道合计）"
    assert ws.cell(ws.max_row, 5).value == 6


def test_one_unit(dataset, tmp_path):
    out = tmp_path / "u.xlsx"
    call_command("weekly_report", "--date", "2026-11-16", "--out", str(out), "--unit", "NYNCW")
    ws = openpyxl.load_workbook(out).active
    assert ws.max_row == 4 and ws.cell(4, 2).value == "县农业农村委" and ws.cell(4, 5).value == 1


def test_bad_arguments(county, tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("weekly_report", "--date", "16/11/2026", "--out", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="找不到报送单位"):
        call_command("weekly_report", "--date", "2026-11-16", "--out", str(tmp_path / "x.xlsx"), "--unit", "CZJ")
