from io import BytesIO

import openpyxl
import pytest


def open_xlsx(data: bytes):
    return openpyxl.load_workbook(BytesIO(data))


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def row_values(ws, row: int) -> list:
    return [c.value for c in ws[row]]


@pytest.fixture
def write_bytes():
    """Run an export writing to a buffer; return the bytes."""

    def run(fn, *args, **kwargs) -> bytes:
        buf = BytesIO()
        fn(buf, *args, **kwargs)
        return buf.getvalue()

    return run
