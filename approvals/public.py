"""The public side of a notice (十四): its address for anyone without log-in, the QR code
printed on the 公告 that carries it, and the challenge of the online objection form (D107)."""

import secrets

import segno
from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse

from approvals.models import Notice

CHALLENGE_SALT = "approvals.public.objection"
CHALLENGE_MAX_AGE = 2 * 60 * 60  # seconds: a page left open for two hours asks again


def public_path(notice: Notice) -> str:
    return reverse("public:notice", kwargs={"token": notice.token})


def public_url(notice: Notice, request: HttpRequest | None = None) -> str:
    """The page's absolute address: SITE_URL when set (the printed code must work from any
    phone, whatever address the clerk printed from), else the request's own host."""
    path = public_path(notice)
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG markup: no style attribute (the CSP's style-src
    refuses inline styles; `stroke` is a presentation attribute), and drawn by WeasyPrint
    in the printed PDF, whose fetcher refuses data: and outside URLs (ledger.pdf)."""
    return str(qr_code(url).svg_inline(scale=4, border=2, svgclass="notice-qr-code", lineclass=None))


def challenge_new() -> tuple[str, str]:
    """A small sum to answer, and its signed, timestamped form token."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    return f"{a} 加 {b} 等于几？", signing.dumps([a, b], salt=CHALLENGE_SALT)


def challenge_check(token: str, answer: int | None) -> str:
    """Why the answer to the challenge is refused, or "" when it is right."""
    try:
        a, b = signing.loads(token, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.SignatureExpired:
        return "页面打开时间过长，请刷新页面后重新填写验证题。"
    except (signing.BadSignature, ValueError, TypeError):
        return "验证题无效，请刷新页面后重试。"
    if answer != a + b:
        return "验证题答案不正确，请重新计算。"
    return ""
