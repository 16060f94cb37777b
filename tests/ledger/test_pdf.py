"""ledger.pdf: a printed page as PDF, its Chinese text readable; only our own static files
are fetched, every other address is refused."""

import io

import pypdf
import pytest

from ledger.pdf import BASE_URL, StaticOnlyFetcher, html_to_pdf, static_file


def test_pdf_text_is_chinese_and_extractable():
    html = "<html><body style=\"font-family: 'Noto Serif CJK SC'\"><p>彭水自治县“四个一批”申请表</p></body></html>"
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert "彭水自治县“四个一批”申请表" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_only_our_static_files_are_served():
    assert static_file(BASE_URL + "static/bootstrap/css/bootstrap.min.css").name == "bootstrap.min.css"
    assert static_file("https://example.com/static/bootstrap/css/bootstrap.min.css") is None
    assert static_file("file:///etc/passwd") is None
    assert static_file(BASE_URL + "static/../../etc/passwd") is None
    assert static_file(BASE_URL + "media/approvals/opinion/x") is None


def test_the_fetcher_refuses_other_addresses():
    with pytest.raises(ValueError, match="外部资源"):
        StaticOnlyFetcher().fetch("https://example.com/logo.png")


def test_an_external_image_is_left_out_not_fetched():
    pdf = html_to_pdf('<p>申请表</p><img src="https://example.com/logo.png">')
    assert "申请表" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
