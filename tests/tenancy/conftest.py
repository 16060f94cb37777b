"""A second county (涪陵区, 500102) onboarded beside Pengshui, with a user of every role and
a project of its own; and the municipal office (市级)."""

import pytest

from ledger.choices import Role, UnitKind
from tests.test_url_scope_matrix import worlds  # noqa: F401  (Pengshui's two worlds of objects)

FULING = "500102"
PASSWORD = "Test-pass-2026"


@pytest.fixture
def fuling(county):
    """涪陵区 onboarded by the one command's service, as `add_county` does."""
    from pengshui.counties import county_add

    return county_add(code=FULING, admin_username="fl_admin", admin_name="张三")


@pytest.fixture
def fl(fuling):
    """涪陵区's places, units and one user of every role (fl_<role>)."""
    from ledger.models import Division, Unit, User

    county = fuling.county
    township = Division.objects.filter(county=county, level="township").order_by("code")[0]
    village = township.villages.order_by("code").first()
    units = {
        "township": Unit.objects.get(county=county, division=township),
        "village": Unit.objects.get(county=county, division=village),
        "department": Unit.objects.get(county=county, code="NYNCW"),
        "bureau": Unit.objects.get(county=county, kind=UnitKind.BUREAU),
        "office": Unit.objects.get(county=county, kind=UnitKind.OFFICE),
        "reviewer": Unit.objects.get(county=county, code="CZJ"),
    }
    roles = {
        Role.TOWNSHIP: units["township"],
        Role.VILLAGE: units["village"],
        Role.DEPARTMENT: units["department"],
        Role.BUREAU: units["bureau"],
        Role.OFFICE: units["office"],
        Role.REVIEWER: units["reviewer"],
        Role.SECURITY: units["bureau"],
        Role.AUDITOR: units["bureau"],
    }
    users = {
        str(role): User.objects.create_user(username=f"fl_{role}", password=PASSWORD, unit=unit, role=role)
        for role, unit in roles.items()
    }
    admin = fuling.admin
    admin.must_change_password = False  # changed at the first log-in (tests/tenancy/test_add_county.py)
    admin.save(update_fields=["must_change_password"])
    users["admin"] = admin
    return {"county": county, "township": township, "village": village, "units": units, "users": users}


@pytest.fixture
def fl_project(fl, make_project):
    """涪陵区's own project, in its first village."""
    return make_project(
        name="涪陵榨菜加工厂帮扶项目",
        number="5001022021000001",
        township=fl["township"],
        village=fl["village"],
        managing_unit=fl["units"]["village"],
    )


@pytest.fixture
def municipal(county):
    """The municipal office (市级) and its user."""
    from ledger.models import Unit, User

    office = Unit.objects.create(code="SXCZXJ", name="重庆市乡村振兴局", kind=UnitKind.MUNICIPAL)
    return User.objects.create_user(username="city", password=PASSWORD, unit=office, role=Role.MUNICIPAL)
