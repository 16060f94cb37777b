"""Every page of the roles that work in the field (village, township, department), opened on a
phone 390 px wide: the document must be no wider than the screen.

The walk takes the URL conf's pages without parameters, and the object pages that
tests/test_url_scope_matrix.py knows how to name (its REGISTRY, one township's world of
objects each), for each persona in its own township's world. A page is measured only when it
answers 200 with HTML (downloads, PDFs and workbooks are files, not pages; a POST-only URL
answers 405). A wide table may scroll inside its `.table-responsive` container, which does
not widen the document; the lists a field user works with are cards on a phone.

The prints (the A4 paper of the forms and the 公告) are left out: they are laid out for the
printer, and the same content is on the page they are printed from.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.test_url_scope_matrix import REGISTRY, object_patterns, plain_patterns, worlds  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/phone")
FIELD_PERSONAS = ("vera", "alice", "bob", "dora", "dan")
OWN_WORLDS = {"vera": ("baojia",), "alice": ("baojia",), "bob": ("hanjia",), "dora": ("baojia", "hanjia")}
OWN_WORLDS["dan"] = OWN_WORLDS["dora"]
# laid out for the printer (A4), or not a page of the site's layout
SKIPPED = {"project_print", "approvals:print", "approvals:notice_print", "approvals:letter", "logout"}
SKIPPED_PREFIXES = ("/admin/", "/accounts/reset/", "/healthz")

WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"
# what sticks out on the right: the innermost elements past the viewport, not inside a scroll box
CULPRITS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.table-responsive')) continue;
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 0.5 && r.width > 0) {
      const kids = [...el.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 0.5);
      const classes = el.className ? '.' + String(el.className).split(' ').join('.') : '';
      if (!kids) out.push(el.tagName.toLowerCase() + classes + ' ' + Math.round(r.right));
    }
  }
  return out.slice(0, 5);
}"""


# a cell squeezed so narrow that its words wrap one character per line (a list that should be
# cards on a phone): at least four characters of text in a cell under three characters wide
CRAMPED = """() => {
  const out = [];
  for (const cell of document.querySelectorAll('td, th')) {
    if (cell.closest('.table-responsive') || !cell.offsetParent) continue;
    const style = getComputedStyle(cell);
    if (style.writingMode.startsWith('vertical')) continue;
    const text = cell.textContent.replace(/\\s+/g, '');
    if (text.length >= 4 && cell.clientWidth < 3 * parseFloat(style.fontSize)) out.push(text.slice(0, 12));
  }
  return out.slice(0, 5);
}"""


def plain_pages() -> list[str]:
    """The URL conf's GET pages that take no parameter."""
    urls = [reverse(f.name) for f in plain_patterns() if f.name not in SKIPPED]
    return [u for u in urls if not u.startswith(SKIPPED_PREFIXES)]


def object_pages(world) -> list[str]:
    urls: list[str] = []
    for found in object_patterns():
        entry = REGISTRY.get(found.name)
        if found.admin or entry is None or found.name in SKIPPED:
            continue
        urls.extend(reverse(found.name, kwargs=kwargs) for kwargs in entry.objects(world))
    return urls


def is_page(page, url: str) -> bool:
    response = page.request.get(url, max_redirects=0)
    return response.status == 200 and response.headers.get("content-type", "").startswith("text/html")


def test_every_field_page_fits_a_phone(browser, live_server, personas, worlds):  # noqa: F811
    measured, too_wide = 0, []
    for who in FIELD_PERSONAS:
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto("/accounts/login/")
        page.fill("#id_username", who)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        urls = plain_pages() + [u for w in OWN_WORLDS[who] for u in object_pages(worlds[w])]
        for url in dict.fromkeys(urls):
            if not is_page(page, url):
                continue
            page.goto(url)
            measured += 1
            document, screen = page.evaluate(WIDTH)
            if document > screen:
                too_wide.append(f"{who} {url}: {document} px {page.evaluate(CULPRITS)}")
            if cramped := page.evaluate(CRAMPED):
                too_wide.append(f"{who} {url}: cells one character wide {cramped}")
        context.close()
    assert not too_wide, f"{len(too_wide)} pages wider than {PHONE['width']} px or cramped:\n" + "\n".join(too_wide)
    assert measured > 100


def test_phone_screenshots(page, login, personas, worlds):  # noqa: F811
    """The form, the list and a notice at 390 px, for the eye (written to /tmp/phone)."""
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size(PHONE)
    login("alice")
    world = worlds["baojia"]
    for name, url in (
        ("project_form", reverse("project_edit", kwargs={"pk": world.project.pk})),
        ("project_list", reverse("project_list")),
        ("notice", reverse("approvals:notice", kwargs={"pk": world.notice.pk})),
    ):
        page.goto(url)
        assert page.evaluate(WIDTH)[0] <= PHONE["width"], name
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
