"""Which project fields each source format owns, in one place.

On a project already in the database an import writes only the fields its source owns;
any other field where the file differs is shown as a difference and left alone. A new
project takes every field the file gives (and defaults for the rest, see engine.py).

- The national system owns the profile (项目简介 of 附件1–3) and the investment
  (投资规模). It never overwrites what the units have recorded: status, classification,
  measures, opinions.
  Who manages a project (managing level and unit) is set when it is first pushed and is
  changed afterwards only on the push page, never by a later import.
- Our own management ledger (附件5) is the units' record: it owns the profile, the present
  value, the operation and status facts and the progress text (kept as written, see
  Project.ledger_progress). The class in force and its measures are what the county
  decided: a new project takes the ledger's (the county's own record), but an import
  never changes them on a project already here (a difference, not applied; they change
  only by ledger.services.project_take_effect). It carries the
  investment only as 专项资金/其他资金 in 万元, so it never overwrites the parts
  (fund1_central … fund4_social) of a project already in the database. It records a
  class but not the upgrade or rebuild defects behind it: such a class is imported as
  "conditions pending" (Project.class_conditions_pending; the rule is in engine.py).
"""

from ledger.choices import (
    INVESTMENT_FIELDS,
    LINKAGE_REASONS,
    PRESENT_VALUE_FIELDS,
    PRODUCTION_REASONS,
    RECORDED_PROBLEMS,
)
from ledger.models.imports import ImportSource

PROFILE_FIELDS = [
    "name",
    "township",
    "village",
    "year",
    "responsible_unit",
    "responsible_person",
    "responsible_phone",
    "industry_type",
    "construction_content",
]
STATUS_FIELDS = [
    "operation_mode",
    "functional_state",
    "use_state",
    "production_status",
    *[f for f, _ in PRODUCTION_REASONS],
    "linkage",
    *[f for f, _ in LINKAGE_REASONS],
    *[f for f, _ in RECORDED_PROBLEMS],
]

OWNED_FIELDS = {
    ImportSource.NATIONAL: frozenset(PROFILE_FIELDS + INVESTMENT_FIELDS),
    ImportSource.LEDGER: frozenset(
        PROFILE_FIELDS + [f for f, _ in PRESENT_VALUE_FIELDS] + STATUS_FIELDS + ["ledger_progress", "remarks"]
    ),
}


def owns(source: str, field: str) -> bool:
    """Whether an import from `source` writes `field` on a project already here."""
    return field in OWNED_FIELDS[ImportSource(source)]
