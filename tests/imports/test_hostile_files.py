"""Files that must not sink the server: each is refused with a Chinese message within a few
seconds, and nothing is written; the reader allocates by the rows a sheet holds, never by
the range it declares. An upload's table is read once and kept: the preview and the commit
do not read the file again."""

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from ledger.imports import reader
from ledger.imports.reader import Deadline, ReadError, load_grid
from ledger.models import Project
from ledger.models.imports import ImportBatch
from tests.conftest import PASSWORD
from tests.imports import hostile
from tests.imports.workbooks import SAMPLE


@pytest.fixture
def bureau(client, personas):
    client.login(username="carl", password=PASSWORD)
    return client


def _refused(client, data, name, message):
    started = time.monotonic()
    response = client.post(reverse("import_upload"), {"source": "national", "file": SimpleUploadedFile(name, data)})
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists() and not Project.objects.exists()
    assert elapsed < 5
    return response


def test_a_sheet_declaring_the_whole_grid_is_read_by_the_rows_it_holds(bureau):
    data = hostile.declared_whole_sheet()
    assert len(data) < 10_000
    tracemalloc.start()
    try:
        grid = load_grid(data, "a.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert grid == [hostile.HEADER] and peak < 20 * 1024 * 1024
    _refused(bureau, data, "a.xlsx", "表头下没有数据行")


def test_a_zip_bomb_is_refused_by_its_compression_ratio(bureau):
    _refused(bureau, hostile.zip_bomb(20), "bomb.xlsx", "压缩比异常")


def test_a_workbook_unpacking_beyond_the_limit_is_refused(bureau, monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED_MB", 1)
    _refused(bureau, hostile.zip_bomb(3), "big.xlsx", "工作簿解压后超过1 MB")


def test_a_shared_strings_table_beyond_the_limit_is_refused_before_it_is_read(bureau, monkeypatch):
    monkeypatch.setattr(reader, "MAX_SHARED_STRINGS", 1000)
    assert load_grid(hostile.shared_strings(1000), "a.xlsx") == [["0"]]
    _refused(bureau, hostile.shared_strings(1001), "strings.xlsx", "不同文字超过1000项")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (hostile.bad_xml, "工作簿内容已损坏"),
        (hostile.bad_xml_sample, "不是有效的Excel工作簿"),
        (hostile.not_a_zip, "不是有效的Excel工作簿"),
        (hostile.truncated, "不是有效的Excel工作簿"),
    ],
)
def test_a_malformed_workbook_is_refused_not_an_error(bureau, build, message):
    _refused(bureau, build(), "broken.xlsx", message)


def test_a_malformed_xls_is_refused(bureau):
    _refused(bureau, b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "old.xls", "不是有效的Excel 97-2003工作簿")


def test_a_csv_larger_than_the_limit_is_refused_before_it_is_read(bureau, settings, monkeypatch):
    settings.UPLOAD_MAX_MB = 1

    def never(*args, **kwargs):
        raise AssertionError("a file over the limit is not read")

    monkeypatch.setattr("ledger.imports.engine.load_grid", never)
    _refused(bureau, hostile.big_csv(1.5), "big.csv", "文件过大：不能超过 1 MB")


def test_a_csv_longer_than_the_reader_reads_is_refused(bureau, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 100)
    _refused(bureau, hostile.long_csv(200), "long.csv", "文件超过100行")


def test_a_row_wider_than_the_reader_reads_is_refused(bureau):
    row = ["x"] * (reader.MAX_COLS + 5)
    data = ("\n".join([",".join(hostile.HEADER), ",".join(row)]) + "\n").encode()
    _refused(bureau, data, "wide.csv", f"第2行超过{reader.MAX_COLS}列")


def test_a_csv_with_a_runaway_field_is_refused(bureau):
    """An unclosed quote makes the rest of the file one field, beyond what csv reads."""
    data = ",".join(hostile.HEADER).encode() + b'\n1,"' + b"x" * 200_000 + b"\n"
    _refused(bureau, data, "q.csv", "CSV文件格式有误")


def test_reading_stops_at_the_deadline():
    with pytest.raises(ReadError, match="文件读取超过0秒"):
        load_grid(hostile.long_csv(1000), "long.csv", deadline=Deadline(0))


def test_empty_cells_beyond_the_columns_read_are_dropped():
    grid = load_grid(b"a,b,c" + b"," * (reader.MAX_COLS + 10) + b"\n", "a.csv")
    assert len(grid[0]) == reader.MAX_COLS and grid[0][:3] == ["a", "b", "c"]


def test_the_import_commands_refuse_a_file_over_the_limit(personas, settings, tmp_path):
    settings.UPLOAD_MAX_MB = 1
    path = tmp_path / "big.csv"
    path.write_bytes(hostile.big_csv(1.5))
    for command in ("import_national", "import_ledger"):
        with pytest.raises(CommandError, match="文件过大：不能超过 1 MB"):
            call_command(command, str(path))
    assert not ImportBatch.objects.exists() and not Project.objects.exists()


def test_the_preview_and_the_commit_read_the_table_kept_at_upload(bureau, monkeypatch):
    response = bureau.post(
        reverse("import_upload"), {"source": "national", "file": SimpleUploadedFile("s.xlsx", SAMPLE.read_bytes())}
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and len(batch.table["rows"]) == 40

    def never(*args, **kwargs):
        raise AssertionError("the file is read once, at upload")

    monkeypatch.setattr("ledger.imports.engine.load_grid", never)
    with batch.file.open("wb") as f:
        f.write(b"overwritten")  # what is kept is the table, not the file read again
    page = bureau.get(reverse("import_batch", args=[batch.pk]))
    assert "新增 <strong>37</strong> 个" in page.content.decode()
    done = bureau.post(reverse("import_commit", args=[batch.pk]), follow=True)
    assert "导入完成：新增37个" in done.content.decode() and Project.objects.count() == 37


def test_dates_survive_the_kept_table():
    import datetime as dt

    table = reader.Table(
        columns=[reader.Column(0, "日期", "")],
        rows=[(2, [dt.datetime(2024, 5, 6, 7, 8), dt.date(2024, 1, 2), 1.5, None, True])],
        header_row=1,
        header_depth=1,
    )
    assert reader.table_from_json(reader.table_to_json(table)) == table
