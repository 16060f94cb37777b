"""manage.py load_divisions: Chongqing's places from the repository's copy of the codes."""

import csv
from pathlib import Path

from django.core.management import call_command

from ledger.counties import CHONGQING_CSV, load_divisions
from ledger.models import County, Division


def test_all_loads_the_municipality_and_a_second_run_changes_nothing(county, capsys):
    call_command("load_divisions", "--all")
    assert County.objects.count() == 38
    assert Division.objects.filter(level="township").count() == 1031
    assert Division.objects.filter(level="village").count() == 11270
    # Pengshui's places, loaded by the migration, are the same rows (codes are unique)
    pengshui = County.objects.get(code="500243")
    assert pengshui.divisions.filter(level="township").count() == 39
    assert pengshui.divisions.filter(level="village").count() == 296
    assert pengshui.short_name == "彭水自治县"
    capsys.readouterr()
    call_command("load_divisions", "--all")
    assert "新增：区县 0，乡镇(街道) 0，村(居) 0；更名：区县 0，乡镇(街道) 0，村(居) 0。" in capsys.readouterr().out
    assert Division.objects.count() == 1031 + 11270


def test_one_county_and_a_renamed_village(county, tmp_path):
    result = load_divisions(["500102"])
    fuling = County.objects.get(code="500102")
    assert (fuling.name, fuling.short_name, fuling.abbr) == ("涪陵区", "涪陵区", "涪陵")
    assert (
        result.created["county"] == 1
        and result.created["township"] == fuling.divisions.filter(level="township").count()
    )
    assert not Division.objects.filter(county=fuling).exclude(code__startswith="500102").exists()
    # the file changes a name: the next run renames the place, nothing else
    with open(CHONGQING_CSV, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    village = next(r for r in rows if r["level"] == "village" and r["code"].startswith("500102"))
    village["name"] = "改名村民委员会"
    changed = Path(tmp_path / "divisions.csv")
    with open(changed, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["code", "name", "level", "parent_code"])
        writer.writeheader()
        writer.writerows(rows)
    again = load_divisions(["500102"], csv_path=changed)
    assert again.created == {"county": 0, "township": 0, "village": 0}
    assert again.renamed == {"county": 0, "township": 0, "village": 1}
    assert Division.objects.get(code=village["code"]).name == "改名村民委员会"


def test_an_unknown_code_is_refused(county):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="区划文件中没有这些区县代码：999999"):
        call_command("load_divisions", "--county", "999999")
