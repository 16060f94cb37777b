"""Reads: who sees which projects (FORMS.md §1), in one place, and the page queries."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ledger.choices import Role
from ledger.models import Project, User


def project_scope(user: User) -> Q:
    """The data-scope rule: a Q that selects the projects `user` may see.

    County roles (bureau, leading-group office, reviewers, administrators) see all; a
    township sees the projects located in its township, including its villages; a village
    sees its village's; a department sees the projects it manages. Anyone else sees none.
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_county:
        return Q()
    unit = user.unit
    if unit is None:
        return Q(pk__in=[])
    if user.role == Role.TOWNSHIP:
        return Q(township_id=unit.division_id)
    if user.role == Role.VILLAGE:
        return Q(village_id=unit.division_id)
    if user.role == Role.DEPARTMENT:
        return Q(managing_unit_id=unit.pk)
    return Q(pk__in=[])


def projects_for(user: User) -> QuerySet[Project]:
    return Project.objects.filter(project_scope(user)).select_related("township", "village", "managing_unit")


def project_for(user: User, pk: int) -> Project:
    """One project the user may see; 404 for any other, so its existence is not revealed."""
    return get_object_or_404(projects_for(user), pk=pk)


def can_edit_project(user: User, project: Project) -> bool:
    """Who may change a project's facts: the units that survey and file it (FORMS.md §1, §3):
    the township for projects in its area, the village for its own village-level projects,
    the department for those it manages, and the county bureau; never read-only roles."""
    if not user.is_authenticated or not Project.objects.filter(project_scope(user), pk=project.pk).exists():
        return False
    if user.role in (Role.BUREAU, Role.ADMIN) or user.is_superuser:
        return True
    if user.role == Role.TOWNSHIP:
        return True
    if user.role == Role.VILLAGE:
        return project.managing_level == "village"
    if user.role == Role.DEPARTMENT:
        return True
    return False


def can_create_project(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.role in (Role.TOWNSHIP, Role.VILLAGE, Role.DEPARTMENT, Role.BUREAU, Role.ADMIN)
    )


def class_counts(qs: QuerySet[Project]) -> dict:
    """Counts by class, by production status, and unclassified, in one query."""
    from ledger.choices import Classification, ProductionStatus

    aggregates = {"total": Count("pk"), "unclassified": Count("pk", filter=Q(classification=""))}
    for c in Classification:
        aggregates[f"class_{c.value}"] = Count("pk", filter=Q(classification=c.value))
    for s in ProductionStatus:
        aggregates[f"status_{s.value}"] = Count("pk", filter=Q(production_status=s.value))
    return qs.order_by().aggregate(**aggregates)
