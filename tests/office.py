"""Checks that a file opens in a real office suite (LibreOffice, headless)."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        if os.environ.get("REQUIRE_OFFICE"):
            pytest.fail("LibreOffice is required here (apt-get install libreoffice-calc)")
        pytest.skip("LibreOffice is not installed")
    return path


def assert_opens_in_libreoffice(data: bytes, suffix: str = ".xlsx") -> bytes:
    """Convert the workbook to PDF with LibreOffice; fail unless a non-empty PDF comes out.
    Returns the PDF's bytes."""
    exe = soffice()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"file{suffix}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        result = subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            capture_output=True,
            timeout=180,
        )
        pdf = Path(tmp) / "file.pdf"
        assert result.returncode == 0 and pdf.exists() and pdf.stat().st_size > 0, result.stderr.decode()[-2000:]
        return pdf.read_bytes()
