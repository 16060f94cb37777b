"""Hostile files built in the tests: a workbook declaring the whole sheet, a zip bomb, bad
XML, a file that is no zip, a CSV larger than the limit or longer than the reader reads."""

import io
import zipfile

from tests.imports.workbooks import SAMPLE, xlsx

SHEET = "xl/worksheets/sheet1.xml"
HEADER = ["项目编号", "项目名称", "乡镇"]


def _rewrite(data: bytes, sheet: bytes | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """The workbook `data` with its first sheet's XML replaced (and parts added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == SHEET and sheet is not None:
                body = sheet
            dst.writestr(item.filename, body)
        for name, body in (extra or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def _sheet_xml(dimension: str, rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def _row(number: int, values: list[str]) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    return f'<row r="{number}">{cells}</row>'


def declared_whole_sheet() -> bytes:
    """A few kilobytes whose sheet declares A1:XFD1048576 and holds one row."""
    return _rewrite(xlsx([["x"]]), sheet=_sheet_xml("A1:XFD1048576", _row(1, HEADER)))


def zip_bomb(unpacked_mb: int = 40) -> bytes:
    """A workbook whose sheet XML unpacks to `unpacked_mb` MB of rows from a small file."""
    row = _row(2, ["1", "甲", "保家镇"])
    count = unpacked_mb * 1024 * 1024 // len(row.encode())
    body = _row(1, HEADER) + row * count
    return _rewrite(xlsx([["x"]]), sheet=_sheet_xml("A1:C2", body))


def shared_strings(count: int) -> bytes:
    """A workbook whose shared-strings table holds `count` distinct strings (read whole when
    the workbook opens) and whose sheet uses the first."""
    body = "".join(f"<si><t>{i:x}</t></si>" for i in range(count))
    table = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{body}</sst>"
    ).encode()
    sheet = _sheet_xml("A1:A1", '<row r="1"><c t="s"><v>0</v></c></row>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx([["x"]]))) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == SHEET:
                data = sheet
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            dst.writestr(item.filename, data)
        dst.writestr("xl/sharedStrings.xml", table)
    return out.getvalue()


def bad_xml() -> bytes:
    """A workbook whose sheet XML breaks off in the middle of its second row: it opens,
    and fails while its rows are read."""
    rows = _row(1, HEADER) + _row(2, ["1", "甲", "保家镇"])
    return _rewrite(xlsx([["x"]]), sheet=_sheet_xml("A1:C3", rows)[:-40])


def bad_xml_sample() -> bytes:
    """The sample export with its sheet XML cut off after a few bytes: it fails to open."""
    return _rewrite(SAMPLE.read_bytes(), sheet=b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c t="s"><v>')


def not_a_zip() -> bytes:
    return b"PK\x03\x04 this is not really a workbook" + b"\x00" * 200


def truncated() -> bytes:
    data = SAMPLE.read_bytes()
    return data[: len(data) // 2]


def long_csv(rows: int) -> bytes:
    """A CSV of `rows` data rows under a known header (UTF-8)."""
    lines = [",".join(HEADER)] + [f"50024320{n:08d},项目{n},保家镇" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def big_csv(megabytes: float) -> bytes:
    """A CSV of about `megabytes` MB."""
    line = "50024320000000,一个名字很长的项目" + "甲" * 60 + ",保家镇\n"
    count = int(megabytes * 1024 * 1024) // len(line.encode()) + 1
    return (",".join(HEADER) + "\n" + line * count).encode()
