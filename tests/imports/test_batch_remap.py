"""batch_remap: a corrected mapping applied to an upload, saved by name, counts redone."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ledger.imports.engine import batch_create, batch_preview, batch_remap, import_commit, import_preview
from ledger.models.imports import ImportBatch, ImportMapping
from tests.imports.workbooks import xlsx

HEAD = ["资产码", "资产名", "归属镇", "建成年", "负责人", "手机"]
ROWS = [["Z1", "甲", "保家镇", 2020, "张", "13900000000"], ["Z2", "乙", "火星镇", 2020, "李", "13900000001"]]
MAPPING = {
    0: "number",
    1: "name",
    2: "township",
    3: "year",
    4: "responsible_person",
    5: "responsible_phone",
}


@pytest.fixture
def upload(personas):
    data = xlsx([HEAD, *ROWS])
    preview = import_preview(data=data, filename="u.xlsx", source="national")
    assert preview.mapping_problems
    return batch_create(by=personas["carl"], source="national", filename="u.xlsx", content=data, preview=preview)


def test_remap_records_the_mapping_and_recounts(upload, personas):
    columns = batch_preview(upload).columns
    batch = batch_remap(batch=upload, columns=columns, mapping=MAPPING, by=personas["carl"])
    batch.refresh_from_db()
    assert batch.mapping_used == {str(k): v for k, v in MAPPING.items()} and batch.mapping is None
    assert (batch.added, batch.refused) == (1, 1)
    assert not ImportMapping.objects.exists()


def test_remap_saves_the_mapping_under_a_name(upload, personas):
    columns = batch_preview(upload).columns
    batch = batch_remap(batch=upload, columns=columns, mapping=MAPPING, by=personas["carl"], name="某导出格式")
    saved = ImportMapping.objects.get()
    assert batch.mapping == saved and saved.mapping["资产码"] == "number" and saved.headers == HEAD


def test_remap_refuses_a_mapping_without_the_number(upload, personas):
    columns = batch_preview(upload).columns
    with pytest.raises(ValidationError, match="项目编号"):
        batch_remap(batch=upload, columns=columns, mapping={1: "name", 2: "township"}, by=personas["carl"])
    assert ImportBatch.objects.get().mapping_used == {}


def test_remap_refuses_a_committed_batch(upload, personas):
    columns = batch_preview(upload).columns
    batch_remap(batch=upload, columns=columns, mapping=MAPPING, by=personas["carl"])
    import_commit(batch=upload, by=personas["carl"], only_good=True)
    with pytest.raises(ValidationError, match="已导入"):
        batch_remap(batch=upload, columns=columns, mapping=MAPPING, by=personas["carl"])


def test_remap_is_for_the_county_bureau_only(upload, personas):
    columns = batch_preview(upload).columns
    with pytest.raises(PermissionDenied):
        batch_remap(batch=upload, columns=columns, mapping=MAPPING, by=personas["alice"])
