"""The import's check of a row gives, field by field, the reasons the model's own
validation (`Project.full_clean`) gives, in Chinese, without building a model per row."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from ledger.imports.checks import DEFAULTS, FieldCheck, project_values
from ledger.models import Project
from tests.conftest import project_facts

RELATIONS = [f.name for f in Project._meta.fields if f.is_relation]


def _full_clean(values):
    """What the model says of these values (the relations are the import's own)."""
    project = Project(**{k: v for k, v in values.items() if k in {f.name for f in Project._meta.fields}})
    try:
        project.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    except ValidationError as e:
        return {k: "；".join(v) for k, v in e.message_dict.items()}
    return {}


@pytest.fixture
def row(places):
    return {
        **DEFAULTS,
        **project_facts(),
        "township": places["baojia"],
        "village": places["baojia_village"],
        "managing_unit": places["village_unit"],
    }


@pytest.mark.parametrize(
    "bad",
    [
        {"name": "项" * 201},
        {"name": ""},
        {"number": "1" * 65},
        {"year": 1900},
        {"responsible_phone": "电话"},
        {"responsible_person": ""},
        {"industry_type": "不存在"},
        {"functional_state": "不存在"},
        {"fund1_central": Decimal("-1.00")},
        {"fund1_central": Decimal("1.001")},
        {"fund1_central": Decimal("1" * 13 + ".00")},
        {"classification": "x" * 17},
        {"name": "项" * 201, "year": 3000, "fund2_county": Decimal("-5.00")},
    ],
)
def test_a_bad_value_is_refused_with_the_models_own_reason(row, bad):
    values = {**row, **bad}
    found = FieldCheck().errors(values)
    assert found and found == _full_clean(values)
    assert all(re.search("[\u4e00-\u9fff]", message) for message in found.values())  # in Chinese


def test_a_good_row_has_no_reason_and_a_value_checked_once_keeps_its_reason(row):
    check = FieldCheck()
    assert check.errors(row) == {} == _full_clean(row)
    bad = {**row, "year": 1900}
    assert check.errors(bad) == check.errors(bad) == _full_clean(bad)
    assert check.errors(row) == {}


def test_places_of_two_counties_are_refused(row):
    elsewhere = SimpleNamespace(county_id=row["township"].county_id + 1000)
    found = FieldCheck().errors({**row, "managing_unit": elsewhere})
    assert found == {NON_FIELD_ERRORS: "镇(乡)、村(居)和主管单位必须属于同一个区县。"}


def test_a_project_already_here_is_checked_as_the_commit_writes_it(make_project):
    project = make_project()
    check = FieldCheck()
    assert check.errors(project_values(project)) == {}
    assert set(check.errors({**project_values(project), "name": ""})) == {"name"}
