"""The ledger's extension points: where another app adds workflow data to a ledger output.

`ledger` owns the record and never imports the apps that build on it. Where one of its
outputs needs what such an app records (the approvals' disposal progress, their minutes
and decision letters, their panels and menu entries), this module declares a named
point; the app fills it in its `AppConfig.ready()` (the approvals fill every point below
in `ApprovalsConfig.ready()`), and the ledger reads whatever has been registered. With
nothing registered a ledger output simply leaves that part empty.

The points:

* `ledger_progress` — column 27 处置整改进展情况 of the ledger (附件5):
  `(project ids queryset) -> {project id: text}`; later sources win for a project.
* `archive_documents` — the documents of a unit's archive (附件6):
  `(unit, or None for the county) -> [ArchiveDocument]`.
* `archive_gaps` — the catalogue items a source knows to be incomplete even when some
  documents are filed (a filed application without its copy as filed):
  `(unit, or None for the county) -> {(item no, ledger kind)}`; such an item is 缺.
* `weekly_progress` — item 2 of a unit's weekly dispatch (二十二): `(unit, monday) -> text`;
  `weekly_progress_many` — the same for many units at once, in a fixed number of queries:
  `(units, monday) -> {unit id: text}`.
* `project_panels` and `home_panels` — fragments drawn on the project page and the home
  page (`{% extension_panels "project" project %}`, `{% extension_panels "home" %}`).
* `nav_items` — entries of the main menu (`{% extension_nav %}`).
* `open_application_blocks` — why who manages a project may not change now (an
  application under way): `(project) -> Chinese reason, or ""`.
* `class_decision` — the decision that set a project's class in force, for the project
  page: `(project) -> text, or ""`.
* `todo_counts` — what waits for a user, counted for the navigation bar:
  `(user) -> [TodoCount]`, in a fixed number of queries whatever the number of projects.
* `watch_items` — sections of the data-quality watch (ledger/watch.py) judged on what
  another app records: `(WatchScope, today) -> [WatchSection]`, in a fixed number of
  queries whatever the number of projects.

Each point is read where its output is made (the archive, the weekly figures, the
template tags in ledger/templatetags/ledger_extensions.py); `progress_for` is here
because both the ledger's export and its import read column 27.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any, Generic, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from ledger.models import Project, Unit

T = TypeVar("T")


class ExtensionPoint(Generic[T]):
    """A named list of extensions, kept in the order they were registered. Registering the
    same extension twice is harmless, so `ready()` may run again."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._extensions: list[T] = []

    def register(self, extension: T) -> T:
        """Add `extension` (usable as a decorator); returns it unchanged."""
        if extension not in self._extensions:
            self._extensions.append(extension)
        return extension

    def unregister(self, extension: T) -> None:
        """Take `extension` out again (tests that register their own)."""
        if extension in self._extensions:
            self._extensions.remove(extension)

    def __iter__(self) -> Iterator[T]:
        return iter(tuple(self._extensions))

    def __len__(self) -> int:
        return len(self._extensions)

    def __repr__(self) -> str:
        return f"<ExtensionPoint {self.name}: {len(self)} registered>"


# ---- the contracts of the points ------------------------------------------------------
class ArchiveItem(models.IntegerChoices):
    """The six items of each ledger kind in a unit's archive (附件6)."""

    FORMS = 1, "经营性帮扶产业项目“四个一批”分类及处置措施审批表"
    STATISTICS = 2, "经营性帮扶产业项目“四个一批”分类统计表"
    LEDGER = 3, "经营性帮扶产业项目“四个一批”管理台账"
    MINUTES = 4, "“四个一批”分类及处置措施会议纪要"
    CONTRACTS = 5, "项目协议书或合同书"
    OTHER = 6, "批复和项目地公告等其他材料"


@dataclass(frozen=True)
class ArchiveDocument:
    """One file of a unit's archive (附件6), filed under `item_no` of its ledger kind."""

    item_no: int  # an ArchiveItem
    ledger_kind: str  # a ManagingLevel value
    filename: str
    # Opens the document for reading: a stored file opened from storage, or a table or PDF
    # rendered into memory. The archive copies it into the package in chunks and closes it.
    open_fn: Callable[[], IO[bytes]]


@dataclass(frozen=True)
class Panel:
    """A fragment drawn on a ledger page: a template rendered with the page's context (on
    the project page with `project` set to the project shown)."""

    template_name: str


def signed_in(user: Any) -> bool:
    """The default menu predicate: every signed-in user sees the entry."""
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class NavItem:
    """An entry of the main menu: its label, the name of the URL it opens and who sees it."""

    label: str
    url_name: str
    visible: Callable[[Any], bool] = signed_in


@dataclass(frozen=True)
class TodoCount:
    """How many items of one kind wait for a user (the count in the navigation bar), and
    the page that lists them."""

    label: str
    count: int
    url_name: str


@dataclass(frozen=True)
class WatchScope:
    """What a data-quality watch covers: the projects (a filter on Project) and the
    reporting units whose weekly figures it reads (a filter on Unit)."""

    projects: Q
    units: Q
    county_id: int | None = None  # whose round the watch reads (D113); None: none
    county_wide: bool = False  # a county's whole set of units (links go to the county's pages)


@dataclass(frozen=True)
class WatchItem:
    """One entry of a watch section: what it is, why it is listed, where to act on it."""

    title: str
    detail: str
    url: str
    place: str = ""  # the unit that answers for it


@dataclass(frozen=True)
class WatchSection:
    """A list of the watch: sections are shown by `order` (the ledger's are 10, 40, 60)."""

    key: str
    order: int
    title: str
    basis: str  # what the section means, with the notice's clause
    action: str  # the label of each item's link
    items: Sequence[WatchItem]  # a list, or a LazyItems that reads only what is shown

    @property
    def count(self) -> int:
        return len(self.items)


ProjectIds = QuerySet[Project, Any]  # the projects as `.values("pk")`
ProgressSource = Callable[[ProjectIds], Mapping[int, str]]
DocumentSource = Callable[[Unit | None], list[ArchiveDocument]]
GapSource = Callable[[Unit | None], set[tuple[int, str]]]
WeeklyProgress = Callable[[Unit, date], str]
WeeklyProgressMany = Callable[[Sequence[Unit], date], Mapping[int, str]]
ProjectText = Callable[[Project], str]
WatchSource = Callable[[WatchScope, date], list[WatchSection]]
TodoSource = Callable[[Any], list[TodoCount]]


# ---- the points -----------------------------------------------------------------------
ledger_progress: ExtensionPoint[ProgressSource] = ExtensionPoint("ledger_progress")
archive_documents: ExtensionPoint[DocumentSource] = ExtensionPoint("archive_documents")
archive_gaps: ExtensionPoint[GapSource] = ExtensionPoint("archive_gaps")
weekly_progress: ExtensionPoint[WeeklyProgress] = ExtensionPoint("weekly_progress")
weekly_progress_many: ExtensionPoint[WeeklyProgressMany] = ExtensionPoint("weekly_progress_many")
project_panels: ExtensionPoint[Panel] = ExtensionPoint("project_panels")
home_panels: ExtensionPoint[Panel] = ExtensionPoint("home_panels")
nav_items: ExtensionPoint[NavItem] = ExtensionPoint("nav_items")
open_application_blocks: ExtensionPoint[ProjectText] = ExtensionPoint("open_application_blocks")
class_decision: ExtensionPoint[ProjectText] = ExtensionPoint("class_decision")
watch_items: ExtensionPoint[WatchSource] = ExtensionPoint("watch_items")
todo_counts: ExtensionPoint[TodoSource] = ExtensionPoint("todo_counts")

# The pages that draw panels, by the name their template gives (`extension_panels`).
PANELS: dict[str, ExtensionPoint[Panel]] = {"project": project_panels, "home": home_panels}


# ---- reading a point shared by two outputs --------------------------------------------
def progress_for(projects: QuerySet[Project]) -> dict[int, str]:
    """Column 27 of the ledger (附件5) for each project of a queryset, one query per source:
    read by the export and by the import, which compares an imported ledger with it."""
    out: dict[int, str] = {}
    for source in ledger_progress:
        out.update(source(projects.order_by().values("pk")))
    return out


def manager_change_refusal(project: Project) -> str:
    """Why the unit managing `project` may not change now (an application of it is under
    way, whose route depends on that unit), or "" when it may."""
    for source in open_application_blocks:
        why = source(project)
        if why:
            return why
    return ""


def class_decision_for(project: Project) -> str:
    """The decision that set the project's class in force, as the approvals record it."""
    for source in class_decision:
        text = source(project)
        if text:
            return text
    return ""
