"""manage.py add_county: a county onboarded in one command, its administrator at work."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from approvals.models import Round
from ledger.choices import Role, UnitKind
from ledger.models import County, Unit, User


def _add(capsys, *args):
    call_command("add_county", "500102", "--admin", "zhang", "--admin-name", "张三", *args)
    out = capsys.readouterr().out
    found = re.search(r"一次性密码：(\S+)（", out)
    assert found is not None, out
    return found.group(1), out


def test_the_new_administrator_logs_in_changes_the_password_and_adds_a_township_user(county, client, capsys):
    password, out = _add(
        capsys,
        "--plan-title",
        "《涪陵区经营性帮扶产业项目“四个一批”实施方案》",
        "--plan-number",
        "涪巩固办发〔2023〕1号",
    )
    fuling = County.objects.get(code="500102")
    assert "已开通涪陵区（500102）" in out
    townships = fuling.divisions.filter(level="township")
    assert Unit.objects.filter(county=fuling, kind=UnitKind.TOWNSHIP).count() == townships.count() > 20
    assert (
        Unit.objects.filter(county=fuling, kind=UnitKind.VILLAGE).count()
        == fuling.divisions.filter(level="village").count()
    )
    assert Unit.objects.get(county=fuling, code="NYNCW").name == "区农业农村委"  # a district's
    rnd = Round.objects.get(county=fuling)
    assert rnd.policy_basis == "《涪陵区经营性帮扶产业项目“四个一批”实施方案》（涪巩固办发〔2023〕1号）"

    zhang = User.objects.get(username="zhang")
    assert zhang.role == Role.ADMIN and zhang.unit is not None and zhang.unit.county == fuling
    assert zhang.must_change_password
    assert zhang.get_full_name() == "张三"
    assert client.login(username="zhang", password=password)
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/accounts/password_change/"
    response = client.post(
        "/accounts/password_change/",
        {"old_password": password, "new_password1": "Fl-new-pass-2026", "new_password2": "Fl-new-pass-2026"},
    )
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "涪陵区" in home and "彭水" not in home
    assert 'id="total-projects">0<' in home
    listing = client.get("/projects/").content.decode()
    assert "彭水" not in listing

    township = Unit.objects.filter(county=fuling, kind=UnitKind.TOWNSHIP).order_by("code")[0]
    response = client.post(
        "/admin/ledger/user/add/",
        {
            "username": "fl_town",
            "password1": "Xk2-long-pass-9",
            "password2": "Xk2-long-pass-9",
            "usable_password": "true",
            "unit": township.pk,
            "role": Role.TOWNSHIP,
            "phone": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = User.objects.get(username="fl_town")
    assert made.unit == township and made.must_change_password
    # the administrator's admin site lists only the county's units and users
    units_page = client.get("/admin/ledger/unit/?q=XCZXJ").content.decode()
    pengshui_unit = Unit.objects.get(county__code="500243", code="XCZXJ")
    own_unit = Unit.objects.get(county=fuling, code="XCZXJ")
    assert f"/admin/ledger/unit/{own_unit.pk}/change/" in units_page
    assert f"/admin/ledger/unit/{pengshui_unit.pk}/change/" not in units_page
    assert client.get(f"/admin/ledger/unit/{pengshui_unit.pk}/change/").status_code in (302, 404)


def test_a_county_already_onboarded_is_refused(county, capsys):
    _add(capsys)
    with pytest.raises(CommandError, match="已开通，不能重复开通"):
        call_command("add_county", "500102", "--admin", "li")
    with pytest.raises(CommandError, match="已开通"):
        call_command("add_county", "500243", "--admin", "li")
    assert not User.objects.filter(username="li").exists()
