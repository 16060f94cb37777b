"""The Content-Security-Policy (django-csp): only our own scripts and styles, so no page may
need an inline <script>, <style>, style="" or on…="" handler. The header on the pages, and
every template read for one (the browser's view of it: tests/browser/test_csp.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: address"),
]


def templates():
    return sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html"))


def test_there_are_templates_to_read():
    names = {p.name for p in templates()}
    assert {"base.html", "login.html", "project_detail.html", "form_print.html", "notice_print.html"} <= names


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_has_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    found = [f"{what}: {m.group(0)!r}" for pattern, what in INLINE for m in pattern.finditer(text)]
    assert not found, found


def test_the_reader_would_see_each_kind(tmp_path):
    """The patterns above find what they look for."""
    bad = '<script>alert(1)</script><style>p{}</style><p style="x" onclick="y"><a href="javascript:z">'
    assert all(pattern.search(bad) for pattern, _ in INLINE)
    good = '<script src="/static/a.js"></script><script id="r" type="application/json">{}</script><p class="x">'
    assert not any(pattern.search(good) for pattern, _ in INLINE)


@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/projects/", "/no-such-page/"])
def test_every_page_carries_the_policy(client, personas, url):
    if url != "/accounts/login/":
        client.force_login(personas["alice"])
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_printed_forms_pdf_still_gets_its_stylesheet(monkeypatch):
    """The printed form's <style> became a static file; WeasyPrint fetches it as it fetches
    any of our static files, and the template links it for the PDF too."""
    from ledger import pdf

    fetched = []
    fetch = pdf.StaticOnlyFetcher.fetch
    monkeypatch.setattr(
        pdf.StaticOnlyFetcher, "fetch", lambda self, url, *a: fetched.append(url) or fetch(self, url, *a)
    )
    template = (Path(settings.BASE_DIR) / "templates/ledger/exports/form_print.html").read_text(encoding="utf-8")
    link = '<link rel="stylesheet" href="{% static \'pengshui/form_print.css\' %}">'
    assert link in template and template.index(link) < template.index("</head>")
    assert "{% if not for_pdf %}" not in template[template.index(link) - 30 : template.index(link)]
    assert pdf.html_to_pdf('<link rel="stylesheet" href="/static/pengshui/form_print.css"><p>申请表</p>').startswith(
        b"%PDF"
    )
    assert fetched == [pdf.BASE_URL + "static/pengshui/form_print.css"]
