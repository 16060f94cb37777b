"""The project's facts arranged as the paper application form prints them (附件1–3):
every option of each group with a tick (☑) or an empty box (☐)."""

from ledger.choices import (
    FUND_PARTS,
    HALTED_STATUSES,
    LINKAGE_REASONS,
    PART_LABELS,
    PRESENT_VALUE_FIELDS,
    PRODUCTION_REASONS,
    REBUILD_DEFECTS,
    RECORDED_PROBLEMS,
    UPGRADE_DEFECTS,
    Classification,
    FunctionalState,
    IndustryType,
    Linkage,
    OperationMode,
    ProductionStatus,
    UseState,
)
from ledger.models import Project


def _one_of(choices, value) -> list[tuple[str, bool]]:
    return [(label, key == value) for key, label in choices]


def _flags(project: Project, pairs, show: bool = True) -> list[tuple[str, bool]]:
    return [(label, show and bool(getattr(project, field))) for field, label in pairs]


def paper_rows(project: Project) -> dict:
    status = project.production_status
    halted = status in HALTED_STATUSES
    difficulty = status == ProductionStatus.DIFFICULTY
    funds = []
    for key, (label, parts) in FUND_PARTS.items():
        funds.append(
            {
                "label": label,
                "total": project.fund_total(key),
                "parts": [(PART_LABELS[p.rsplit("_", 1)[1]], getattr(project, p)) for p in parts]
                if len(parts) > 1
                else [],
            }
        )
    return {
        "industry": _one_of(IndustryType.choices, project.industry_type),
        "operation": _one_of(OperationMode.choices, project.operation_mode),
        "functional": _one_of(FunctionalState.choices, project.functional_state),
        "use": _one_of(UseState.choices, project.use_state),
        "normal": status == ProductionStatus.NORMAL,
        "abnormal": status != ProductionStatus.NORMAL,
        "halted": halted,
        "terminated": status == ProductionStatus.TERMINATED,
        "halted_reasons": _flags(project, PRODUCTION_REASONS, halted),
        "difficulty": difficulty,
        "difficulty_reasons": _flags(project, PRODUCTION_REASONS, difficulty),
        "linkage_full": project.linkage == Linkage.FULL,
        "linkage_insufficient": project.linkage == Linkage.INSUFFICIENT,
        "linkage_reasons": _flags(project, LINKAGE_REASONS),
        "classification": _one_of(Classification.choices, project.classification),
        "upgrade_defects": _flags(project, UPGRADE_DEFECTS),
        "rebuild_defects": _flags(project, REBUILD_DEFECTS),
        "problems": _flags(project, RECORDED_PROBLEMS),
        "funds": funds,
        "present_values": [(label, getattr(project, field)) for field, label in PRESENT_VALUE_FIELDS],
    }
