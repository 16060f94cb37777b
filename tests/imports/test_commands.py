"""import_national and import_ledger: counts printed, exit codes."""

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ledger.exports.ledger_xlsx import NOTES
from ledger.models import Project
from tests.imports.workbooks import SAMPLE, ledger_row, ledger_workbook, xlsx


def test_dry_run_prints_counts_and_writes_nothing(personas, capsys):
    call_command("import_national", str(SAMPLE), "--dry-run")
    out = capsys.readouterr().out
    assert "新增 37 行" in out and "跳过（非经营性资产）3 行" in out and Project.objects.count() == 0


def test_import_with_user_records_history(personas, capsys):
    call_command("import_national", str(SAMPLE), "--user", "carl")
    assert Project.objects.count() == 37
    assert Project.history.filter(history_user__username="carl").count() == 37


def test_refused_rows_exit_non_zero_unless_only_good(personas, tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["项目编号", "项目名称", "乡镇", "联系电话", "责任人", "年度"],
                ["A", "甲", "火星镇", "13900000000", "张", 2020],
                ["B", "乙", "保家镇", "13900000000", "张", 2020],
            ]
        )
    )
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_national", str(path))
    assert "拒绝 第2行 乡镇：未知的乡镇(街道)“火星镇”" in capsys.readouterr().out
    assert Project.objects.count() == 0
    call_command("import_national", str(path), "--only-good")
    assert list(Project.objects.values_list("number", flat=True)) == ["B"]


def test_nothing_importable_exits_non_zero(personas, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("项目编号,项目名称,乡镇\n", encoding="utf-8")
    with pytest.raises(CommandError, match="没有可以导入的行"):
        call_command("import_national", str(path))


def test_unknown_mapping_and_user_are_errors(personas):
    with pytest.raises(CommandError, match="列映射"):
        call_command("import_national", str(SAMPLE), "--mapping", "无此映射")
    with pytest.raises(CommandError, match="找不到用户"):
        call_command("import_national", str(SAMPLE), "--user", "nobody")


def test_import_ledger_command(personas, tmp_path, capsys):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(ledger_workbook([ledger_row(1, "茶叶基地", "L1")]))
    call_command("import_ledger", str(path), "--user", "carl")
    assert "新增 1 行" in capsys.readouterr().out and Project.objects.get().number == "L1"


def test_export_ledger_then_import_ledger_into_an_empty_database(personas, make_project, places, tmp_path, capsys):
    make_project(classification="upgrade", upgrade_chain_gap=True, upgrade_weak_technology=True)
    make_project(production_status="halted", use_state="idle", reason_funds=True, classification="revitalise")
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    call_command("export_ledger", "--out", str(first))
    Project.objects.all().delete()
    call_command("import_ledger", str(first), "--user", "carl")
    out = capsys.readouterr().out
    assert "新增 2 行" in out and "提示 第5行" in out and "分类条件待补录" in out
    call_command("export_ledger", "--out", str(second))
    sheets = [openpyxl.load_workbook(p).active for p in (first, second)]
    assert len(list(sheets[0].values)) == 4 + 2 + 1 + 1 + len(NOTES)  # head, projects, a blank row, the notes
    assert list(sheets[0].values) == list(sheets[1].values)


def test_import_national_reads_an_xls_export(personas, capsys):
    call_command("import_national", str(SAMPLE.with_suffix(".xls")), "--dry-run")
    assert "新增 37 行" in capsys.readouterr().out and Project.objects.count() == 0
