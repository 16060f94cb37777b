"""PDFs of the system's printed pages (the application form as filed, the 批复, the 公告),
rendered by WeasyPrint from the same templates as the print pages: `html_to_pdf(html)`.

No network: a page may load only our own static files (its stylesheets); any other address
is refused and left out. The text is set in the CJK fonts the print stylesheets name
("Noto Serif CJK SC", "Noto Sans CJK SC"; Debian's fonts-noto-cjk). See docs/decisions.md,
"PDFs"."""

from __future__ import annotations

import base64
import binascii
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_CONTENT_TYPE = "application/pdf"
# The pages' relative addresses (/static/…) resolve against this address, which names no host.
BASE_URL = "http://pengshui.invalid/"


def static_file(url: str) -> Path | None:
    """The file of one of our static files' addresses, or None for anything else."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parts.scheme != "http" or parts.netloc != urlsplit(BASE_URL).netloc or not parts.path.startswith(prefix):
        return None
    name = unquote(parts.path.removeprefix(prefix))
    if ".." in Path(name).parts:
        return None
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found)
    if staticfiles_storage.exists(name):  # collected (hashed) names in production
        return Path(staticfiles_storage.path(name))
    return None


DATA_IMAGE = "data:image/"


def _data_image(url: str) -> URLFetcherResponse:
    """A JPEG or PNG carried in the page as a base64 data: address."""
    head, _, payload = url.partition(",")
    mime = head.removeprefix("data:").split(";")[0]
    if mime not in ("image/jpeg", "image/png") or not head.endswith(";base64"):
        raise ValueError("打印页面只能内嵌 JPEG 或 PNG 图片。")
    try:
        body = base64.b64decode(payload, validate=True)
    except binascii.Error as e:
        raise ValueError("内嵌图片无法读取。") from e
    return URLFetcherResponse(url, body, {"Content-Type": mime})


class StaticOnlyFetcher(URLFetcher):
    """Serves our own static files and refuses every other address."""

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url.startswith(DATA_IMAGE):  # an image the page carries itself (a survey's photos)
            return _data_image(url)
        path = static_file(url)
        if path is None:
            raise ValueError(f"打印页面不能引用外部资源：{url}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})


def html_to_pdf(html: str) -> bytes:
    """The PDF of one printed page (A4, as its print stylesheet sets it)."""
    pdf: bytes = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
    return pdf
