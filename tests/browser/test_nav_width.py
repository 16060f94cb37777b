"""The navigation bar holds on one line at 1280 px for every role: no menu entry broken into
two lines ("首 页"), the bar no taller than with one line; a long unit name is shortened with
the full name on hover."""

import pytest

ROLES = ("alice", "bob", "vera", "dora", "dan", "carl", "olga", "rita", "admin", "security", "auditor")

MEASURE = """() => {
  const bar = document.querySelector('nav.navbar');
  const brand = bar.querySelector('.navbar-brand');
  const broken = [...bar.querySelectorAll('.nav-link, .navbar-text, .btn')]
    .filter(e => {
      const style = getComputedStyle(e);
      const text = e.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
        - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
      return text > 1.5 * parseFloat(style.lineHeight);  // its text on two lines or more
    })
    .map(e => e.textContent.trim());
  const user = bar.querySelector('#current-user');
  return {
    height: bar.getBoundingClientRect().height,
    brand: brand.getBoundingClientRect().height,
    broken: broken,
    unitTitle: user ? (user.querySelector('[title]') || {}).title || '' : '',
    unitShown: user ? user.textContent : '',
  };
}"""


@pytest.fixture
def everyone(personas, security, auditor):
    return {**personas, "security": security, "auditor": auditor}


def test_the_navigation_bar_holds_on_one_line_at_1280_for_every_role(browser, live_server, county, everyone):
    from tests.conftest import PASSWORD

    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/accounts/login/")
    single = page.evaluate(MEASURE)["height"]  # the bar with its brand only: one line
    heights = {}
    try:
        for who in ROLES:
            context.clear_cookies()
            page.goto("/accounts/login/")
            page.fill("#id_username", everyone[who].username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
            seen = page.evaluate(MEASURE)
            heights[who] = seen["height"]
            assert not seen["broken"], (who, seen["broken"])
            unit = everyone[who].unit
            if unit is not None:
                assert seen["unitTitle"] == unit.name, (who, seen)
    finally:
        context.close()
    assert all(h <= single + 2 for h in heights.values()), (single, heights)
