"""seed_demo puts demo data only where it belongs: with DJANGO_DEBUG off it refuses, unless
--force-demo is given on an empty database; and it never changes an existing account (the
issue's finding: it reset the real admin's password on a production database)."""

import pytest
from django.core.management import CommandError, call_command

from ledger.models import Project, User
from tests.conftest import PASSWORD


def seed(**options):
    call_command("seed_demo", projects=5, no_activity=True, quiet_accounts=True, **options)


def test_with_debug_off_it_refuses_and_adds_nothing(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG off"):
        seed()
    assert not User.objects.exists() and not Project.objects.exists()


def test_force_demo_seeds_an_empty_database(db, settings):
    settings.DEBUG = False
    seed(force_demo=True)
    assert User.objects.filter(username="baojia").exists() and Project.objects.count() == 5


@pytest.mark.parametrize("what", ["user", "project"])
def test_force_demo_refuses_a_database_with_anything_in_it(db, settings, personas, make_project, what):
    settings.DEBUG = False
    if what == "project":
        make_project()
        User.objects.all().delete()
    users, projects = User.objects.count(), Project.objects.count()
    with pytest.raises(CommandError, match="already has users or projects"):
        seed(force_demo=True)
    assert (User.objects.count(), Project.objects.count()) == (users, projects)


def test_an_existing_account_is_never_changed(db, places, settings, capsys):
    settings.DEBUG = True
    admin = User.objects.create_superuser("admin", password=PASSWORD, first_name="真实管理员")
    before = User.objects.values().get(pk=admin.pk)
    call_command("seed_demo", projects=0, no_activity=True)
    assert User.objects.values().get(pk=admin.pk) == before
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD) and not admin.check_password("Demo@2026")
    assert "admin" in capsys.readouterr().out.split("existing account, left unchanged")[0].splitlines()[-1]
    assert User.objects.get(username="baojia").check_password("Demo@2026")  # the others are created
