import pytest
from django.core.management import CommandError, call_command

from ledger.classification import check_facts
from ledger.models import Project, User

# seed_demo runs only where DJANGO_DEBUG is on (a developer's machine).
pytestmark = pytest.mark.usefixtures("demo_allowed")


def test_same_seed_gives_same_projects_and_all_pass_the_test(db, capsys):
    call_command("seed_demo", projects=30, seed=7, no_activity=True)
    out = capsys.readouterr().out
    assert "baojia" in out and "Demo@2026" in out
    first = list(Project.objects.order_by("number").values_list("number", "name", "classification", "fund1_central"))
    assert len(first) == 30
    assert all(check_facts(p).ok for p in Project.objects.all())
    call_command("check_classes")
    assert capsys.readouterr().out == "所有项目的分类均符合分类标准。\n"
    Project.objects.all().delete()
    call_command("seed_demo", projects=30, seed=7, no_activity=True)
    assert (
        list(Project.objects.order_by("number").values_list("number", "name", "classification", "fund1_central"))
        == first
    )
    call_command("seed_demo", projects=30, seed=7, no_activity=True)  # running again adds nothing
    assert Project.objects.count() == 30


def test_demo_accounts_cover_every_role(db, capsys):
    call_command("seed_demo", projects=0, no_activity=True)
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"bureau", "office", "township", "village", "department", "reviewer"} | {
        "admin",
        "security",
        "auditor",
    }
    # 三员分立: the security and the audit administrator hold no admin rights, and are listed
    out = capsys.readouterr().out
    for username, label in (("security", "安全管理员"), ("auditor", "审计管理员")):
        user = User.objects.get(username=username)
        assert not user.is_staff and not user.is_superuser and user.unit.code == "XCZXJ"
        assert any(line.split()[:2] == [username, label] for line in out.splitlines()), out
    assert User.objects.get(username="baojia").unit.name == "保家镇人民政府"
    assert User.objects.get(username="nyncw").unit.name == "县农业农村委"
    assert User.objects.get(username="baojia_village").unit.division.parent.name == "保家镇"


def test_projects_spread_over_several_counties_each_onboarded(db, capsys):
    """A benchmark of the whole city: the default county keeps its share and its demo
    accounts; each next county of Chongqing by code is onboarded (places, units, round,
    administrator) and holds its share, numbered and placed within itself."""
    from ledger.models import County, Unit

    call_command("seed_demo", projects=31, counties=3, seed=7, no_activity=True)
    assert "Demo projects in 2 other counties: 20 created (10 each requested)." in capsys.readouterr().out
    by_county = {c.code: Project.objects.filter(county=c).count() for c in County.objects.all()}
    assert by_county == {"500243": 11, "500101": 10, "500102": 10}
    for code in ("500101", "500102"):
        county = County.objects.get(code=code)
        mine = Project.objects.filter(county=county)
        assert all(p.number.startswith(code) for p in mine)
        assert not mine.exclude(township__county=county).exists() and not mine.exclude(village__county=county).exists()
        assert not mine.exclude(managing_unit__county=county).exists()
        assert User.objects.get(username=f"admin{code}").unit.county == county
        assert Unit.objects.filter(county=county, kind="township").count() > 10
    assert all(check_facts(p).ok for p in Project.objects.all())
    call_command("seed_demo", projects=31, counties=3, seed=7, no_activity=True)  # running again adds nothing
    assert Project.objects.count() == 31


def test_counties_beyond_chongqing_are_refused(db):
    with pytest.raises(CommandError, match="--counties"):
        call_command("seed_demo", projects=10, counties=0, no_activity=True)
    assert not Project.objects.exists()
