"""The admin shows applications with their opinions and history, and changes none of it:
an application moves only through its transitions (approvals.services)."""

from approvals.choices import Status


def test_application_page_is_read_only_with_its_history(client, personas, to_county, level_project):
    app = to_county(level_project("village"))
    client.force_login(personas["admin"])
    url = f"/admin/approvals/application/{app.pk}/change/"
    body = client.get(url).content.decode()
    assert "待县领导小组审定" in body and 'name="status"' not in body
    assert "办理记录" in body and "审核意见" in body
    client.post(url, {"status": Status.APPROVED})
    app.refresh_from_db()
    assert app.status == Status.COUNTY


def test_applications_are_never_added_in_the_admin(client, personas):
    client.force_login(personas["admin"])
    assert client.get("/admin/approvals/application/add/").status_code == 403
