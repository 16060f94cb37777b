"""A project's check constraints are validated in Python (ledger.models.checks) with the
same outcome and messages as Django's validation by query, and without a query each."""

import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from ledger.choices import LINKAGE_REASONS, MONEY_FIELDS, PRODUCTION_REASONS
from ledger.models import Project
from ledger.models.checks import Unsupported, evaluate

pytestmark = pytest.mark.django_db


def outcome(validate) -> dict[str, list[str]] | None:
    try:
        validate()
    except ValidationError as e:
        return {key: sorted(str(m) for m in messages) for key, messages in e.message_dict.items()}
    return None


def by_django(project: Project, exclude=None):
    """Django's own validation: each check constraint asked of the database."""
    return outcome(lambda: models.Model.validate_constraints(project, exclude=exclude))


def in_python(project: Project, exclude=None):
    return outcome(lambda: project.validate_constraints(exclude=exclude))


def test_every_check_constraint_of_a_project_is_evaluated_in_python():
    checks = [c for c in Project._meta.constraints if isinstance(c, models.CheckConstraint)]
    assert len(checks) >= len(MONEY_FIELDS) + 4
    values = {f.name: None for f in Project._meta.fields}
    for check in checks:
        evaluate(check.condition, values.get)  # raises Unsupported for a condition left to Django


def test_a_valid_project_is_validated_with_the_unique_constraint_query_only(make_project):
    project = make_project()
    with CaptureQueriesContext(connection) as ctx:
        project.validate_constraints()
    assert len(ctx) == 1 and "_check" not in ctx.captured_queries[0]["sql"], [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize(
    "change",
    [
        {"fund1_central": Decimal("-0.01")},
        {"pv_cash": Decimal("-5"), "fund4_social": Decimal("-1")},
        {"year": 1999},
        {"year": 2100},
        {"number": ""},
        {"production_status": "normal", PRODUCTION_REASONS[0][0]: True},
        {"linkage": "full", LINKAGE_REASONS[0][0]: True},
        {"managing_level": "village", "village": None},
    ],
)
def test_each_broken_rule_gives_the_same_errors_as_django(make_project, change):
    project = make_project()
    for name, value in change.items():
        setattr(project, name, value)
    expected = by_django(project)
    assert expected is not None
    assert in_python(project) == expected
    # a field left out of the validation leaves its constraints out, as in Django
    exclude = set(change)
    assert in_python(project, exclude=exclude) == by_django(project, exclude=exclude)


def test_random_projects_pass_or_fail_as_the_database_says(make_project):
    """Two hundred projects with random values in the constrained fields, broken or not:
    the Python evaluation agrees with the database's, error for error."""
    project = make_project()
    rng = random.Random(2023)
    statuses = [""] + [c for c, _ in Project._meta.get_field("production_status").choices]
    linkages = [""] + [c for c, _ in Project._meta.get_field("linkage").choices]
    village = project.village
    broken = 0
    for _ in range(200):
        for name in MONEY_FIELDS:
            setattr(project, name, Decimal("1.00"))
        for name in rng.sample(MONEY_FIELDS, 2):
            setattr(project, name, Decimal(rng.choice(["0", "12.50", "12.50", "-0.01"])))
        project.year = rng.choice([1999, 2000, 2023, 2023, 2099, 2100])
        project.number = rng.choice(["", "5002432023000001", "5002432023000001"])
        project.production_status = rng.choice(statuses)
        project.linkage = rng.choice(linkages)
        for name, _ in rng.sample(PRODUCTION_REASONS, 2) + rng.sample(LINKAGE_REASONS, 1):
            setattr(project, name, rng.random() < 0.3)
        project.managing_level = rng.choice(["village", "township"])
        project.village = rng.choice([village, None])
        expected = by_django(project)
        broken += expected is not None
        assert in_python(project) == expected
    assert 50 < broken < 200


def test_three_valued_logic_and_what_is_left_to_the_database():
    q = models.Q
    values = {"a": None, "b": 1, "c": "x"}.get
    assert evaluate(q(a__gte=0), values) is None  # unknown: passes, as COALESCE(…, true)
    assert evaluate(~q(a__gte=0), values) is None
    assert evaluate(q(a__gte=0) | q(b=1), values) is True
    assert evaluate(q(a__gte=0) & q(b=2), values) is False
    assert evaluate(q(a__isnull=True) & ~q(c="y"), values) is True
    assert evaluate(q(a=None), values) is True
    for unsupported in (q(b__in=[1]), q(b=models.F("a")), q(c__startswith="x")):
        with pytest.raises(Unsupported):
            evaluate(unsupported, values)
