import pytest
from django.core.management import call_command

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
