"""ledger.access, the one module that reads roles: each named check, allowed and refused,
for every persona (tests/conftest.py), an anonymous visitor and a disabled account."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from ledger import access
from ledger.choices import DivisionLevel, ManagingLevel, Role, UnitKind
from ledger.models import County, Division, MonthlySnapshot, Project, Unit, User
from ledger.models.snapshots import SnapshotKind
from tests.ledger.conftest import SEES

COUNTY = {"carl", "olga", "rita", "admin"}
FILING_UNITS = {"alice", "bob", "dora", "dan"}

# named check → the personas it allows; every other persona is refused
ALLOWED = {
    "is_county": COUNTY,
    "is_bureau": {"carl", "admin"},
    "is_office": {"olga"},
    "is_reviewer": {"rita"},
    "is_filing_unit": FILING_UNITS,
    "has_push_inbox": FILING_UNITS,
    "sees_county_weekly": COUNTY,
    "can_import": {"carl", "admin"},
    "can_create_project": {"alice", "bob", "vera", "dora", "dan", "carl", "admin"},
}


def pks(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


# ---- who the user is ------------------------------------------------------------------
@pytest.mark.parametrize("check", ALLOWED)
def test_each_check_allows_exactly_its_roles(check, personas):
    allowed = {who for who, user in personas.items() if getattr(access, check)(user)}
    assert allowed == ALLOWED[check]


@pytest.mark.parametrize("check", ALLOWED)
def test_each_check_refuses_anonymous_visitors_and_disabled_accounts(check, personas):
    assert not getattr(access, check)(AnonymousUser())
    user = personas[sorted(ALLOWED[check])[0]]
    user.is_active = False
    assert not getattr(access, check)(user)


def test_a_superuser_without_a_role_is_the_county_bureau(db):
    root = User.objects.create_superuser("root", password="x")
    assert access.is_county(root) and access.is_bureau(root) and access.can_import(root)
    assert not access.is_filing_unit(root) and not access.is_office(root)


def test_the_command_line_may_import():
    assert access.can_import(None)


def test_user_is_county_asks_access(personas):
    assert {who for who, user in personas.items() if access.is_county(user)} == COUNTY


def test_home_division_is_a_townships_or_a_villages_own_place(personas, places):
    assert access.home_division(personas["alice"]) == places["baojia"]
    assert access.home_division(personas["vera"]) == places["baojia_village"]
    for who in ("dora", "dan", "carl", "olga", "rita", "admin"):
        assert access.home_division(personas[who]) is None, who
    assert access.home_division(AnonymousUser()) is None


# ---- who sees which projects ----------------------------------------------------------
@pytest.mark.parametrize("who", SEES)
def test_each_role_sees_exactly_its_scope(who, personas, projects):
    seen = pks(access.projects_for(personas[who]))
    assert seen == {projects[k].pk for k in SEES[who]}


@pytest.mark.parametrize("who", SEES)
def test_project_for_is_404_outside_the_scope(who, personas, projects):
    for key, project in projects.items():
        if key in SEES[who]:
            assert access.project_for(personas[who], project.pk) == project
        else:
            with pytest.raises(Http404):
                access.project_for(personas[who], project.pk)


def test_user_without_unit_sees_nothing(db, projects):
    nobody = User.objects.create_user("nobody", password="x")
    assert access.projects_for(nobody).count() == 0


def test_anonymous_visitors_and_disabled_accounts_see_nothing(personas, projects):
    carl = personas["carl"]
    carl.is_active = False
    assert not access.projects_for(AnonymousUser()).exists()
    assert not access.projects_for(carl).exists()


def test_a_unit_answers_for_what_its_staff_see(personas, projects):
    for who in ("alice", "bob", "vera", "dora", "dan"):
        user = personas[who]
        assert pks(Project.objects.filter(access.unit_scope(user.unit))) == pks(access.projects_for(user)), who


def test_a_county_unit_answers_for_the_whole_county(places, projects):
    for key in ("bureau", "office", "finance"):
        assert pks(Project.objects.filter(access.unit_scope(places[key]))) == pks(Project.objects.all()), key


def test_unit_user_is_an_unsaved_user_with_the_role_of_the_units_kind(places):
    user = access.unit_user(places["agri"])
    assert user.pk is None and user.unit == places["agri"] and user.is_active
    assert user.role == Role.DEPARTMENT
    assert access.unit_user(places["baojia_unit"]).role == Role.TOWNSHIP
    assert access.unit_user(places["village_unit"]).role == Role.VILLAGE
    assert access.unit_user(places["bureau"]).role == Role.BUREAU


# ---- what a user may pick as a project's place ----------------------------------------
def test_county_roles_may_choose_every_place(personas, places):
    for who in COUNTY:
        choice = access.place_choices(personas[who])
        assert choice.townships.count() == Division.objects.filter(level=DivisionLevel.TOWNSHIP).count()
        assert choice.villages.count() == Division.objects.filter(level=DivisionLevel.VILLAGE).count()
        assert places["hanjia_village_unit"] in choice.units and places["agri"] in choice.units
        assert places["bureau"] not in choice.units and places["finance"] not in choice.units
        assert choice.managing_level is None and choice.default_township is None


def test_a_township_chooses_its_own_villages_and_any_department(personas, places):
    choice = access.place_choices(personas["alice"])
    assert list(choice.townships) == [places["baojia"]]
    assert set(choice.villages) == set(places["baojia"].villages.all())
    for allowed in ("baojia_unit", "village_unit", "village2_unit", "agri", "forestry"):
        assert places[allowed] in choice.units, allowed
    for refused in ("hanjia_unit", "hanjia_village_unit", "bureau"):
        assert places[refused] not in choice.units, refused
    assert choice.default_township == places["baojia"].pk and choice.managing_level is None


def test_a_village_chooses_only_itself_at_village_level(personas, places):
    choice = access.place_choices(personas["vera"])
    assert list(choice.townships) == [places["baojia"]]
    assert list(choice.villages) == [places["baojia_village"]]
    assert list(choice.units) == [places["village_unit"]]
    assert choice.managing_level == ManagingLevel.VILLAGE
    assert (choice.default_township, choice.default_village, choice.default_unit) == (
        places["baojia"].pk,
        places["baojia_village"].pk,
        places["village_unit"].pk,
    )


def test_a_department_chooses_any_place_but_only_itself_as_manager(personas, places):
    choice = access.place_choices(personas["dora"])
    assert choice.townships.count() == Division.objects.filter(level=DivisionLevel.TOWNSHIP).count()
    assert places["hanjia_village"] in choice.villages
    assert list(choice.units) == [places["agri"]]
    assert choice.managing_level == ManagingLevel.DEPARTMENT and choice.default_unit == places["agri"].pk


def test_anyone_else_may_choose_no_place(db, places):
    for user in (User.objects.create_user("nobody"), AnonymousUser()):
        choice = access.place_choices(user)
        assert not choice.townships.exists() and not choice.villages.exists() and not choice.units.exists()


def test_a_form_may_leave_out_inactive_units(personas, places):
    Unit.objects.filter(pk=places["forestry"].pk).update(active=False)
    assert places["forestry"] in access.place_choices(personas["carl"]).units
    assert places["forestry"] not in access.place_choices(personas["carl"], active_units_only=True).units


# ---- who may do what to a project -----------------------------------------------------
def test_read_only_roles_cannot_edit(personas, projects):
    for who in ("olga", "rita"):
        assert not access.can_edit_project(personas[who], projects["baojia_village"])
    assert access.can_edit_project(personas["carl"], projects["baojia_village"])
    assert access.can_edit_project(personas["alice"], projects["baojia_township"])
    assert access.can_edit_project(personas["vera"], projects["baojia_village"])
    assert not access.can_edit_project(personas["alice"], projects["hanjia_village"])


def test_village_cannot_edit_the_township_project_in_its_village(personas, places, make_project):
    township_project = make_project(managing_level="township", managing_unit=places["baojia_unit"])
    assert township_project in access.projects_for(personas["vera"])
    assert not access.can_edit_project(personas["vera"], township_project)


def test_a_department_edits_the_projects_it_manages_only(personas, projects):
    assert access.can_edit_project(personas["dora"], projects["agri_hanjia"])
    assert not access.can_edit_project(personas["dan"], projects["agri_hanjia"])
    assert not access.can_edit_project(personas["dora"], projects["hanjia_village"])


def test_admin_edits_and_anonymous_or_disabled_do_not(personas, projects):
    assert access.can_edit_project(personas["admin"], projects["hanjia_village"])
    assert not access.can_edit_project(AnonymousUser(), projects["hanjia_village"])
    carl = personas["carl"]
    carl.is_active = False
    assert not access.can_edit_project(carl, projects["hanjia_village"])


def _filing_errors(user, places, *, township="baojia", village="baojia_village", level="village", unit="village_unit"):
    return access.filing_place_errors(
        user,
        township=places[township] if township else None,
        village=places[village] if village else None,
        level=level,
        unit=places[unit] if unit else None,
    )


def test_a_township_files_only_in_its_own_township(personas, places):
    alice = personas["alice"]
    assert _filing_errors(alice, places) == {}
    errors = _filing_errors(alice, places, township="hanjia", village="hanjia_village", unit="hanjia_village_unit")
    assert set(errors) == {"township"} and alice.unit.name in errors["township"]


def test_a_village_files_only_its_own_village_level_projects(personas, places):
    vera = personas["vera"]
    assert _filing_errors(vera, places) == {}
    assert set(_filing_errors(vera, places, village="baojia_village2", unit="village2_unit")) == {"village"}
    assert set(_filing_errors(vera, places, village=None, unit=None)) == {"village"}
    errors = _filing_errors(vera, places, level=ManagingLevel.TOWNSHIP, unit="baojia_unit")
    assert set(errors) == {"managing_level"}


def test_a_department_files_only_the_projects_it_manages(personas, places):
    dora = personas["dora"]
    assert _filing_errors(dora, places, level=ManagingLevel.DEPARTMENT, unit="agri") == {}
    assert set(_filing_errors(dora, places, level=ManagingLevel.DEPARTMENT, unit="forestry")) == {"managing_unit"}
    assert set(_filing_errors(dora, places)) == {"managing_unit"}


def test_the_county_and_the_command_line_file_anywhere(personas, places):
    for user in (personas["carl"], personas["admin"], personas["olga"], None):
        assert _filing_errors(user, places, township="hanjia", village="hanjia_village", unit="agri") == {}


def test_the_unit_pushed_to_or_the_bureau_confirms_a_push(personas, places):
    baojia = places["baojia_unit"].pk
    for who in ("alice", "carl", "admin"):
        assert access.can_confirm_push(personas[who], baojia), who
    for who in ("bob", "vera", "dora", "olga", "rita"):
        assert not access.can_confirm_push(personas[who], baojia), who
    assert not access.can_confirm_push(AnonymousUser(), baojia)


# ---- weekly dispatch and monthly versions -----------------------------------------------
REPORTING = (UnitKind.TOWNSHIP, UnitKind.DEPARTMENT)


def test_a_township_or_a_department_submits_its_own_week(personas, places):
    assert access.can_submit_weekly(personas["alice"], places["baojia_unit"], REPORTING)
    assert access.can_submit_weekly(personas["dora"], places["agri"], REPORTING)
    assert not access.can_submit_weekly(personas["alice"], places["hanjia_unit"], REPORTING)
    assert not access.can_submit_weekly(personas["dan"], places["agri"], REPORTING)
    assert not access.can_submit_weekly(personas["alice"], places["baojia_unit"], (UnitKind.DEPARTMENT,))


def test_villages_and_county_roles_do_not_submit_a_week(personas, places):
    assert not access.can_submit_weekly(personas["vera"], places["village_unit"], (*REPORTING, UnitKind.VILLAGE))
    for who in COUNTY:
        assert not access.can_submit_weekly(personas[who], personas[who].unit, (*REPORTING, UnitKind.BUREAU)), who
    assert not access.can_submit_weekly(AnonymousUser(), places["baojia_unit"], REPORTING)


def test_a_stand_in_account_that_cannot_log_in_still_submits(personas, places):
    alice = personas["alice"]
    alice.is_active = False
    assert access.can_submit_weekly(alice, places["baojia_unit"], REPORTING)


@pytest.fixture
def snapshots(places):
    def stored(unit):
        name = unit.code if unit else "county"
        return MonthlySnapshot.objects.create(
            county=County.objects.get(code="500243"),
            month=dt.date(2026, 1, 1),
            unit=unit,
            kind=SnapshotKind.LEDGER,
            file=f"snapshots/2026-01/{name}.xlsx",
        )

    return {
        "baojia": stored(places["baojia_unit"]),
        "hanjia": stored(places["hanjia_unit"]),
        "agri": stored(places["agri"]),
        "county": stored(None),
    }


SNAPSHOTS = {
    "alice": {"baojia"},
    "bob": {"hanjia"},
    "vera": set(),  # a village none: its township's lists every village's projects
    "dora": {"baojia", "hanjia", "agri", "county"},  # 县农业农村委 is a filing body (二): reads them all
    "dan": set(),
    **{who: {"baojia", "hanjia", "agri", "county"} for who in sorted(COUNTY)},
}


@pytest.mark.parametrize("who", SNAPSHOTS)
def test_each_role_downloads_its_monthly_versions(who, personas, snapshots):
    seen = pks(MonthlySnapshot.objects.filter(access.snapshot_unit_scope(personas[who])))
    assert seen == {snapshots[k].pk for k in SNAPSHOTS[who]}


def test_anonymous_visitors_and_users_without_unit_download_no_version(db, snapshots):
    for user in (AnonymousUser(), User.objects.create_user("nobody")):
        assert not MonthlySnapshot.objects.filter(access.snapshot_unit_scope(user)).exists()


# ---- approvals: acting for a unit ---------------------------------------------------
def test_acts_for_the_unit_a_project_belongs_to(personas, projects):
    baojia_village, agri_hanjia = projects["baojia_village"], projects["agri_hanjia"]
    assert access.acts_for(personas["vera"], Role.VILLAGE, baojia_village)
    assert not access.acts_for(personas["vera"], Role.VILLAGE, projects["hanjia_village"])
    assert access.acts_for(personas["alice"], Role.TOWNSHIP, baojia_village)
    assert not access.acts_for(personas["alice"], Role.TOWNSHIP, agri_hanjia)
    assert access.acts_for(personas["bob"], Role.TOWNSHIP, agri_hanjia)
    assert access.acts_for(personas["dora"], Role.DEPARTMENT, agri_hanjia)
    assert not access.acts_for(personas["dan"], Role.DEPARTMENT, agri_hanjia)
    assert access.acts_for(personas["olga"], Role.OFFICE, baojia_village)
    assert access.acts_for(personas["olga"], Role.OFFICE, agri_hanjia)


def test_acts_for_only_in_ones_own_role(personas, projects):
    baojia_village = projects["baojia_village"]
    assert not access.acts_for(personas["alice"], Role.VILLAGE, baojia_village)
    assert not access.acts_for(personas["carl"], Role.OFFICE, baojia_village)
    assert not access.acts_for(personas["admin"], Role.TOWNSHIP, baojia_village)
    assert not access.acts_for(personas["rita"], Role.REVIEWER, baojia_village)
    assert not access.acts_for(AnonymousUser(), Role.OFFICE, baojia_village)


def test_no_village_acts_for_what_lies_in_no_village(personas, places):
    placed = SimpleNamespace(village_id=None, township_id=places["baojia"].pk, managing_unit_id=None)
    assert not access.acts_for(personas["vera"], Role.VILLAGE, placed)
    assert access.acts_for(personas["alice"], Role.TOWNSHIP, placed)


ACTING = [
    ("vera", Role.VILLAGE, {"baojia_village"}),
    ("alice", Role.TOWNSHIP, {"baojia_village", "baojia_township"}),
    ("bob", Role.TOWNSHIP, {"agri_hanjia", "hanjia_village"}),
    ("dora", Role.DEPARTMENT, {"agri_hanjia"}),
    ("dan", Role.DEPARTMENT, set()),
    ("olga", Role.OFFICE, {"baojia_village", "baojia_township", "agri_hanjia", "hanjia_village"}),
    ("alice", Role.VILLAGE, set()),
    ("carl", Role.OFFICE, set()),
    ("rita", Role.REVIEWER, set()),
]


@pytest.mark.parametrize(("who", "role", "expected"), ACTING)
def test_acts_for_q_selects_what_acts_for_allows(who, role, expected, personas, projects):
    selected = pks(Project.objects.filter(access.acts_for_q(personas[who], role)))
    assert selected == {projects[k].pk for k in expected}
    assert selected == {p.pk for p in projects.values() if access.acts_for(personas[who], role, p)}


def test_the_office_or_the_filing_unit_itself_acts_for_a_unit(personas, places):
    baojia, agri = places["baojia_unit"].pk, places["agri"].pk
    assert access.acts_for_unit(personas["olga"], baojia) and access.acts_for_unit(personas["alice"], baojia)
    assert access.acts_for_unit(personas["dora"], agri) and not access.acts_for_unit(personas["dan"], agri)
    for who in ("bob", "vera", "carl", "rita", "admin"):
        assert not access.acts_for_unit(personas[who], baojia), who
    assert not access.acts_for_unit(AnonymousUser(), baojia)


def test_own_unit_scope_is_everything_for_the_county_and_ones_own_unit_otherwise(db, personas, places):
    units = Unit.objects.filter(pk__in=[places[k].pk for k in ("baojia_unit", "hanjia_unit", "agri")])
    for who in COUNTY:
        assert pks(units.filter(access.own_unit_scope(personas[who], "pk"))) == pks(units), who
    assert pks(units.filter(access.own_unit_scope(personas["alice"], "pk"))) == {places["baojia_unit"].pk}
    assert pks(units.filter(access.own_unit_scope(personas["vera"], "pk"))) == set()
    for user in (AnonymousUser(), User.objects.create_user("nobody")):
        assert not units.filter(access.own_unit_scope(user, "pk")).exists()


# ---- what templates may show ------------------------------------------------------------
def may(**allowed: bool) -> dict[str, bool]:
    names = (
        "county",
        "import_projects",
        "push_inbox",
        "weekly_report",
        "weekly_county",
        "decide",
        "create_project",
        "maintain_calendar",
        "manage_rounds",
        "number_letters",
        "manage_accounts",
        "manage_security",
        "read_audit_trail",
        "archive_package",
        "generate_snapshots",
        "weekly_remind",
    )
    return {name: allowed.get(name, False) for name in names}


PERMISSIONS = {
    "alice": may(push_inbox=True, weekly_report=True, create_project=True, archive_package=True),
    "dora": may(push_inbox=True, weekly_report=True, create_project=True, archive_package=True),
    "vera": may(create_project=True, archive_package=True),
    "carl": may(
        county=True,
        import_projects=True,
        weekly_county=True,
        create_project=True,
        maintain_calendar=True,
        manage_rounds=True,
        archive_package=True,
        generate_snapshots=True,
        weekly_remind=True,
    ),
    "admin": may(
        county=True,
        import_projects=True,
        weekly_county=True,
        create_project=True,
        maintain_calendar=True,
        manage_rounds=True,
        manage_accounts=True,
        archive_package=True,
        generate_snapshots=True,
        weekly_remind=True,
    ),
    "olga": may(county=True, weekly_county=True, decide=True, number_letters=True, weekly_remind=True),
    "rita": may(county=True, weekly_county=True),
}


@pytest.mark.parametrize("who", PERMISSIONS)
def test_templates_get_named_permissions(who, personas):
    assert access.permissions(personas[who]) == PERMISSIONS[who]


def test_the_security_and_the_audit_administrator_may_only_their_own_work(security, auditor, make_project):
    """三员分立: neither sees the county's projects nor manages accounts."""
    make_project()
    assert access.permissions(security) == may(manage_security=True)
    assert access.permissions(auditor) == may(read_audit_trail=True)
    for user in (security, auditor):
        assert not access.projects_for(user).exists()
        assert access.confined_pages(user) is not None
    assert access.confined_pages(User(role=Role.ADMIN, is_active=True)) is None


def test_anonymous_visitors_may_nothing():
    assert access.permissions(AnonymousUser()) == may()
    assert access.permissions(None) == may()


def test_the_context_processor_gives_the_requests_user_permissions(personas):
    request = RequestFactory().get("/")
    request.user = personas["alice"]
    assert access.context_processor(request) == {"may": PERMISSIONS["alice"]}
    assert access.context_processor(RequestFactory().get("/")) == {"may": may()}


MENU = {
    "import_upload": {"carl", "admin"},
    "push_waiting": {"alice", "dora"},
    "weekly_report": {"alice", "dora"},
    "weekly_county": {"carl", "admin", "olga", "rita"},
}


@pytest.mark.parametrize("who", ["alice", "vera", "dora", "carl", "olga", "rita", "admin"])
def test_the_menu_shows_the_links_the_user_may_follow(who, personas, client):
    client.force_login(personas[who])
    page = client.get(reverse("home")).content.decode()
    for name, shown_to in MENU.items():
        assert (f'href="{reverse(name)}"' in page) == (who in shown_to), (who, name)


def test_users_acting_for_is_acts_for_the_other_way_round(personas, make_project, places):
    from ledger import access
    from ledger.choices import Role

    project = make_project()  # village-level, in vera's village of 保家镇
    department = make_project(managing_level="department", managing_unit=places["agri"])
    for role, placed, expected in (
        (Role.VILLAGE, project, {"vera"}),
        (Role.TOWNSHIP, project, {"alice"}),
        (Role.DEPARTMENT, department, {"dora"}),
        (Role.DEPARTMENT, project, set()),
        (Role.OFFICE, project, {"olga"}),
        (Role.BUREAU, project, set()),
    ):
        users = {u.username for u in access.users_acting_for(role, placed)}
        assert users == expected, role
        assert all(access.acts_for(personas[name], role, placed) for name in users)
    assert {u.username for u in access.unit_staff(places["baojia_unit"].pk)} == {"alice"}
    assert {u.username for u in access.filing_staff()} == {"alice", "bob", "dora", "dan"}
