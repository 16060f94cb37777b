"""The admin shows applications with their opinions and history, and changes none of it:
an application moves only through its transitions (approvals.services)."""

from approvals.choices import Status
from ledger.models import County


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


def test_letters_are_read_only_and_the_serial_never_moves_back_in_the_admin(client, personas):
    from approvals.models import LetterNumbering

    numbering = LetterNumbering.objects.create(county=County.objects.get(code="500243"), year=2026, last=7)
    client.force_login(personas["admin"])
    assert client.get("/admin/approvals/decisionletter/add/").status_code == 403
    url = f"/admin/approvals/letternumbering/{numbering.pk}/change/"
    r = client.post(url, {"year": 2026, "template": "彭巩固专办〔{year}〕{n}号", "last": 0})
    numbering.refresh_from_db()
    assert r.status_code == 302 and numbering.last == 7
    r = client.post(url, {"year": 2026, "template": "彭巩固专办〔{year}〕号"})
    numbering.refresh_from_db()
    assert r.status_code == 200 and "{n}" in r.content.decode() and numbering.template == "彭巩固专办〔{year}〕{n}号"
    assert client.get(f"/admin/approvals/letternumbering/{numbering.pk}/delete/").status_code == 403
