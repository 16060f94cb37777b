"""manage.py add_municipal_user: the municipal office's (市级) account from the command line, at
work: it reads every county and changes nothing."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ledger.choices import Role, UnitKind
from ledger.models import Project, Unit, User


def _add(capsys, username="city_li", *args):
    call_command("add_municipal_user", username, *args)
    out = capsys.readouterr().out
    found = re.search(r"一次性密码：(\S+)（", out)
    assert found is not None, out
    return found.group(1), out


def test_the_municipal_user_changes_the_password_reads_every_county_and_changes_nothing(
    client, capsys, personas, make_project, fl_project
):
    project = make_project(remarks="原有备注")
    password, out = _add(capsys, "city_li", "--name", "李四")
    assert "已建立市级单位：重庆市乡村振兴局（SXCZXJ）" in out
    user = User.objects.get(username="city_li")
    assert user.role == Role.MUNICIPAL and user.get_full_name() == "李四"
    assert user.must_change_password and not user.is_staff and not user.is_superuser
    assert user.unit is not None and user.unit.kind == UnitKind.MUNICIPAL and user.unit.county is None

    assert client.login(username="city_li", password=password)
    response = client.get("/municipal/")
    assert response.status_code == 302 and response.url == "/accounts/password_change/"
    response = client.post(
        "/accounts/password_change/",
        {"old_password": password, "new_password1": "City-new-pass-2026", "new_password2": "City-new-pass-2026"},
    )
    assert response.status_code == 302
    assert User.objects.get(username="city_li").must_change_password is False

    home = client.get("/municipal/")
    assert home.status_code == 200
    page = home.content.decode()
    assert "彭水苗族土家族自治县" in page and "涪陵区" in page
    assert client.get(f"/projects/{fl_project.pk}/").status_code == 200

    # a change is refused (403), whatever the page, and nothing is written
    edit = client.post(f"/projects/{project.pk}/edit/", {"remarks": "市级修改", "change_reason": "试"})
    assert edit.status_code == 403
    assert Project.objects.get(pk=project.pk).remarks == "原有备注"
    assert client.post("/municipal/", {}).status_code == 403
    assert client.get("/admin/").status_code == 302  # not staff: the admin site's log-in page


def test_a_second_user_joins_the_municipal_unit(county, capsys):
    _add(capsys, "city_li")
    _, out = _add(capsys, "city_wang")
    assert "已建立市级单位" not in out
    unit = Unit.objects.get(kind=UnitKind.MUNICIPAL)
    assert set(unit.users.values_list("username", flat=True)) == {"city_li", "city_wang"}


def test_a_user_name_in_use_is_refused(county, capsys, personas):
    _add(capsys, "city_li")
    with pytest.raises(CommandError, match="用户名“city_li”已被使用"):
        call_command("add_municipal_user", "city_li", "--name", "王五")
    with pytest.raises(CommandError, match="已被使用"):
        call_command("add_municipal_user", "alice")  # a township user of Pengshui
    assert User.objects.get(username="city_li").get_full_name() == ""
    assert User.objects.get(username="alice").role == Role.TOWNSHIP
    assert User.objects.filter(role=Role.MUNICIPAL).count() == 1


def test_with_several_municipal_units_the_unit_is_named(county, capsys):
    Unit.objects.create(code="SXCZXJ", name="重庆市乡村振兴局", kind=UnitKind.MUNICIPAL)
    other = Unit.objects.create(code="SNYNCW", name="重庆市农业农村委员会", kind=UnitKind.MUNICIPAL)
    with pytest.raises(CommandError, match="已有多个市级单位（SNYNCW、SXCZXJ），请用 --unit"):
        call_command("add_municipal_user", "city_li")
    with pytest.raises(CommandError, match="没有代码为“XCZXJ”的市级单位"):
        call_command("add_municipal_user", "city_li", "--unit", "XCZXJ")  # a county's bureau
    assert not User.objects.filter(username="city_li").exists()
    _add(capsys, "city_li", "--unit", "SNYNCW")
    assert User.objects.get(username="city_li").unit == other
