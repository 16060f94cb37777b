"""The model's validation of an imported row, as `Project.full_clean` does it
(`clean_fields`, then `Project.clean`), without building a model instance per row.

The rules stay the model's own: each field is checked by its `Field.clean` (max length,
choices, blank and null, validators), and the places by `places_county`, which
`Project.clean` calls too. What changes is only the work per row: a value already checked
in this file (a choice, a year, an amount, a flag) is not checked again, and the relations
are not looked up, as the import takes them from the county's own places and units (or
from the project itself)."""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from ledger.models import Project
from ledger.models.projects import PLACES, places_county

# The fields checked one by one: relations are the import's own (see above).
FIELDS = [f for f in Project._meta.fields if not f.is_relation and not f.generated]
DEFAULTS = {f.name: f.get_default() for f in Project._meta.fields}  # a new project's values before its row's
_FLAGS = frozenset(f.name for f in FIELDS if isinstance(f, models.BooleanField))
_AMOUNTS = frozenset(f.name for f in FIELDS if isinstance(f, models.DecimalField))
_ZERO = Decimal(0)
# Texts whose only rule is their length (no choices, no validator but max_length): a text
# not empty and within it passes `Field.clean`, and is not put through it.
_LENGTH_ONLY = {
    f.name: f.max_length or 0
    for f in FIELDS
    if isinstance(f, (models.CharField, models.TextField))
    and not f.choices
    and all(isinstance(v, MaxLengthValidator) and v.limit_value == f.max_length for v in f.validators)
}


def project_values(project: Project) -> dict[str, Any]:
    """The values `FieldCheck.errors` reads, of a project already here: its fields, and its
    places as the objects loaded with it."""
    values = {f.name: getattr(project, f.attname) for f in FIELDS}
    values.update({name: getattr(project, name) for name in PLACES})
    return values


class FieldCheck:
    """The model's validation of the rows of one file; a value of a field is checked once."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, type, Any], list[str]] = {}

    def _messages(self, f: models.Field, value: Any) -> list[str]:
        try:
            f.clean(value, None)
        except ValidationError as e:
            return list(e.messages)
        return []

    def _field(self, f: models.Field, value: Any) -> list[str]:
        if isinstance(value, str) and not f.choices:
            limit = _LENGTH_ONLY.get(f.name)
            if limit is not None and value and (not limit or len(value) <= limit):
                return []
            return self._messages(f, value)  # a text of its own (a name, a phone): seldom repeated
        # Decimal("1.0") equals Decimal("1.00") but not in its decimal places: keyed by its text
        key = (f.name, value.__class__, str(value) if isinstance(value, Decimal) else value)
        try:
            return self._seen[key]
        except KeyError:
            found = self._seen[key] = self._messages(f, value)
            return found
        except TypeError:  # not hashable
            return self._messages(f, value)

    def errors(self, values: Mapping[str, Any], exclude: Iterable[str] = ()) -> dict[str, str]:
        """The reasons (joined by ；) by field name, and by NON_FIELD_ERRORS for the places'
        county, that `Project(**values).full_clean(validate_unique=False,
        validate_constraints=False)` gives. `values` holds every field by name (see
        `DEFAULTS` and `project_values`). An unticked or ticked box and an amount of zero
        are valid whatever they are, and not checked."""
        skip = set(exclude)
        found: dict[str, str] = {}
        for f in FIELDS:
            name = f.name
            if name in skip:
                continue
            value = values[name]
            if f.blank and value in f.empty_values:
                continue
            if name in _FLAGS and isinstance(value, bool):
                continue
            if name in _AMOUNTS and value is not None and not isinstance(value, str) and value == _ZERO:
                continue
            messages = self._field(f, value)
            if messages:
                found[name] = "；".join(messages)
        try:
            places_county(*(values.get(name) for name in PLACES))
        except ValidationError as e:
            found[NON_FIELD_ERRORS] = "；".join(e.messages)
        return found
