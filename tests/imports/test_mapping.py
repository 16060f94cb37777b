"""Saved mappings: confirm once, and the next file with the same headers uses it."""

from ledger.imports.engine import import_preview
from ledger.imports.mapping import mapping_errors, mapping_save
from tests.imports.workbooks import xlsx

HEAD = ["编码", "名字", "乡镇", "钱（万元）", "经办人", "电话号码", "主管部门", "年度"]
ROW = ["Z1", "养蜂场", "保家镇", "3", "王五", "13800000000", "县林业局", 2019]


def test_unknown_headers_need_a_mapping_then_the_saved_one_is_used(personas):
    data = xlsx([HEAD, ROW])
    first = import_preview(data=data, filename="a.xlsx", source="national")
    assert first.mapping_problems  # 编码/名字 are not known names: the user must map them
    mapping = {
        0: "number",
        1: "name",
        2: "township",
        3: "fund4_social",
        4: "responsible_person",
        5: "responsible_phone",
        6: "manager",
        7: "year",
    }
    assert mapping_errors(mapping) == []
    mapping_save(name="乡村振兴局2026", columns=first.columns, by_index=mapping, source="national", by=personas["carl"])
    again = import_preview(data=xlsx([HEAD, ROW, ["Z2", *ROW[1:]]]), filename="b.xlsx", source="national")
    assert again.saved.name == "乡村振兴局2026" and not again.mapping_problems
    assert again.counts["add"] == 2
    assert again.outcomes[0].data["fund4_social"] == 30000 and again.outcomes[0].data["managing_unit"].code == "LYJ"


def test_a_target_fed_twice_is_a_mapping_error():
    assert "“项目名称”只能对应一列。" in mapping_errors({0: "number", 1: "name", 2: "name", 3: "township"})
