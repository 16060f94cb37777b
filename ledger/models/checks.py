"""A model's check constraints evaluated in Python, for `Model.validate_constraints`.

Django validates each CheckConstraint by asking the database (`SELECT 1 WHERE …` per
constraint); a project has nineteen (each sum of money not negative, the year in range, the
reasons only with their status), so each of the two validations of a save (the form's, then
the service's) cost nineteen round trips and their SQL compiled. A condition made only of
comparisons of the instance's own fields (exact, gt, gte, lt, lte, isnull) joined by AND,
OR and NOT is evaluated here, with SQL's three-valued logic (a NULL in a comparison is
unknown; a constraint passes unless false, as COALESCE(…, true) does in Django's query).
Any other condition is left to Django's own validation."""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, router

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class Unsupported(Exception):
    """A condition this module does not evaluate: Django's query decides."""


def _and(results: list[bool | None]) -> bool | None:
    return False if False in results else (None if None in results else True)


def _or(results: list[bool | None]) -> bool | None:
    return True if True in results else (None if None in results else False)


def evaluate(condition: models.Q, value_of: Callable[[str], Any]) -> bool | None:
    """True, False or None (unknown) for `condition` over the values `value_of(name)` gives."""
    results: list[bool | None] = []
    for child in condition.children:
        if isinstance(child, models.Q):
            results.append(evaluate(child, value_of))
            continue
        if not isinstance(child, tuple):
            raise Unsupported(child)
        key, expected = child
        name, _, lookup = key.partition("__")
        lookup = lookup or "exact"
        if hasattr(expected, "resolve_expression"):
            raise Unsupported(key)  # F(), an expression: the database's
        if lookup == "exact" and expected is None:
            lookup, expected = "isnull", True
        if lookup == "isnull":
            results.append((value_of(name) is None) is bool(expected))
        elif lookup in _COMPARE:
            value = value_of(name)
            results.append(None if value is None else _COMPARE[lookup](value, expected))
        else:
            raise Unsupported(key)
    result = _and(results) if condition.connector == models.Q.AND else _or(results)
    return (None if result is None else not result) if condition.negated else result


def _names(condition: models.Q) -> set[str]:
    names: set[str] = set()
    for child in condition.children:
        if isinstance(child, models.Q):
            names |= _names(child)
        elif isinstance(child, tuple):
            names.add(child[0].partition("__")[0])
    return names


def validate_constraints(instance: models.Model, exclude: Collection[str] | None = None) -> None:
    """`Model.validate_constraints` with the check constraints this module can evaluate
    evaluated in Python; the others, and every unique constraint, as Django validates them.
    Raises the same ValidationError, with the same messages, as Django would."""
    exclude = set(exclude or ())
    meta = instance._meta
    using = router.db_for_write(type(instance), instance=instance)

    def value_of(name: str) -> Any:
        return getattr(instance, cast(models.Field, meta.get_field(name)).attname)

    errors: dict[str, Any] = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in cast(list[Any], constraints):
            try:
                if isinstance(constraint, models.CheckConstraint):
                    try:
                        condition = cast(models.Q, constraint.condition)
                        names = _names(condition)
                        if names & exclude:
                            continue  # as Django: a constraint on an excluded field is not checked
                        passed = evaluate(condition, value_of)
                    except (Unsupported, LookupError, FieldDoesNotExist):
                        cast(Any, constraint).validate(model_class, instance, exclude=exclude, using=using)
                        continue
                    if passed is False:
                        message = constraint.get_violation_error_message()
                        raise ValidationError(message, code=constraint.violation_error_code)
                else:
                    constraint.validate(model_class, instance, exclude=exclude, using=using)
            except ValidationError as e:
                fields: tuple[str, ...] = tuple(getattr(constraint, "fields", ()))
                if getattr(e, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(e)
                else:
                    errors = e.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
