"""What a commit did, kept on the batch: after an import its page shows the rows as they
were applied, not a new preview against the projects the commit has just changed (which
would count every new project as 无变化)."""

from dataclasses import dataclass, field
from typing import Any

from ledger.models.imports import ImportBatch

ACTIONS = ("add", "change", "same", "refused", "skipped")
IMPORTED = ("add", "change", "same")


def result_json(preview: Any) -> dict[str, Any]:
    """The committed preview (ledger.imports.engine.Preview, not imported here: the engine
    imports this module), row by row, as stored in ImportBatch.result."""
    return {
        "header_row": preview.header_row,
        "header_depth": preview.header_depth,
        "counts": preview.counts,
        "rows": [
            {
                "row": o.row,
                "number": o.number,
                "name": o.name,
                "action": str(o.action),
                "changes": [list(c) for c in o.changes],
                "differences": [list(c) for c in o.differences],
                "errors": [list(e) for e in o.errors],
                "notes": list(o.notes),
                "skipped": o.skipped,
                "push_unit": o.push_unit.name if o.push_unit is not None else "",
                "project_id": o.project.pk if o.project is not None else None,
            }
            for o in preview.outcomes
        ],
    }


@dataclass
class CommittedRow:
    row: int
    number: str
    name: str
    action: str
    changes: list[list[str]] = field(default_factory=list)
    differences: list[list[str]] = field(default_factory=list)
    errors: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: str = ""
    push_unit: str = ""
    project_id: int | None = None


@dataclass
class Committed:
    """The page's view of a committed batch: the same names the preview offers."""

    header_row: int
    header_depth: int
    counts: dict[str, int]
    outcomes: list[CommittedRow]
    rows_kept: bool  # False for a batch committed before results were stored
    importable: bool = False
    mapping_problems: tuple[str, ...] = ()

    @property
    def noted(self) -> list[CommittedRow]:
        return [o for o in self.outcomes if o.notes and o.action in IMPORTED]


def committed_result(batch: ImportBatch) -> Committed:
    """What the commit of `batch` did; an older batch without a stored result shows the
    counts it kept (the commit's own) and no rows."""
    stored = batch.result or {}
    if not stored:
        counts = {
            "add": batch.added,
            "change": batch.changed,
            "same": batch.unchanged,
            "refused": batch.refused,
            "skipped": batch.skipped,
        }
        return Committed(header_row=0, header_depth=1, counts=counts, outcomes=[], rows_kept=False)
    return Committed(
        header_row=stored.get("header_row", 0),
        header_depth=stored.get("header_depth", 1),
        counts={a: int(stored["counts"].get(a, 0)) for a in ACTIONS},
        outcomes=[CommittedRow(**row) for row in stored["rows"]],
        rows_kept=True,
    )
