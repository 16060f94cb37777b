"""Select-all on the push list (待调研项目) in a real browser: the box in the header ticks
every row (static/pengshui/select_all.js), and the ticked rows are confirmed at once."""

import pytest

from ledger.models.imports import ProjectPush

pytestmark = pytest.mark.browser


def test_select_all_ticks_every_row_and_confirms_them(page, login, personas, make_project, places):
    projects = [make_project(name=f"推送项目{n}") for n in range(4)]
    for p in projects:
        ProjectPush.objects.create(project=p, unit=places["baojia_unit"])
    login("alice")
    page.goto("/pushes/waiting/")
    rows = page.locator("#waiting tbody input[type=checkbox][name=project]")
    assert rows.count() == 4
    assert not any(rows.nth(i).is_checked() for i in range(4))
    page.check("#select-all")
    assert all(rows.nth(i).is_checked() for i in range(4))
    rows.nth(2).uncheck()
    assert page.eval_on_selector("#select-all", "el => el.indeterminate")
    page.check("#select-all")
    assert all(rows.nth(i).is_checked() for i in range(4))
    page.click("#bulk-surveyed")
    page.wait_for_selector("text=确认已调研4个项目")
    assert ProjectPush.objects.filter(surveyed_at__isnull=False).count() == 4
