"""The main pages in a real browser under the Content-Security-Policy: Chromium reports any
inline script or style it refuses as a console error ("Refused to apply inline style …");
none may appear, and the pages' own scripts still run (the form adds up its totals)."""

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/projects/",
    "/projects/{pk}/",
    "/projects/{pk}/edit/",
    "/projects/{pk}/print/",
    "/projects/{pk}/documents/",
    "/exports/",
    "/exports/archive/",
    "/weekly/",
    "/approvals/",
    "/accounts/password_change/",
    "/no-such-page/",
]


def test_the_main_pages_break_no_rule_of_the_policy(page, login, personas, make_project):
    project = make_project()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))

    page.goto("/accounts/login/")
    login("alice")
    for url in PAGES:
        response = page.goto(url.format(pk=project.pk))
        assert response is not None and "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        page.wait_for_load_state("load")
    violations = [m for m in messages if "Content Security Policy" in m or "Refused to" in m or "pageerror" in m]
    assert not violations, violations

    # the form's own script (static/pengshui/project_form.js) still runs under the policy
    page.goto(f"/projects/{project.pk}/edit/")
    page.fill("#id_fund1_central", "1000")
    page.fill("#id_fund1_municipal", "234.5")
    assert page.input_value("#id_fund1_total") == "51234.75"  # with the county's 50000.25
