"""What the demo adds so that each list of the data-quality watch (ledger/watch.py) has a
case to show, after the applications and the weekly reports:

* 保家镇 re-surveys one of its 巩固 projects not under any application and records that
  it has halted, its assets idle, proposing 盘活 (through `project_update`, as the form
  would): the class in force no longer passes the test (三), and 保家镇's 停产闲置率 rises
  on last week's report;
* the projects of the demo's national export still not surveyed were pushed at the
  start of the campaign, before the round's survey date (十一, 十八): their creation is
  dated so, with `QuerySet.update` as the weekly demo replays its past.

The late steps, the revitalise project without progress for four weeks and the unpaid
asset income come from the applications' slots and the projects' seeded facts."""

import datetime as dt

from django.utils import timezone

from approvals.selectors import current_round
from ledger.choices import Classification, ProductionStatus, UseState
from ledger.demo.imported import imported_numbers
from ledger.models import Project, User
from ledger.models.projects import SURVEYED
from ledger.services import project_update

RESURVEY = {
    "production_status": ProductionStatus.HALTED,
    "use_state": UseState.IDLE,
    "reason_price": True,
    "proposed_classification": Classification.REVITALISE,
    "revitalise_support": "申请衔接资金15万元更新设备，协调产品进入县级农产品展销中心。",
    "proposed_measures": "引进新的经营主体，恢复生产。",
}


def seed_watch_cases(*, today: dt.date) -> dict[str, int]:
    """The re-survey and the dating of the national export (see the module's docstring)."""
    done = {"resurveyed": 0, "pushed_before_survey_date": 0}
    township = User.objects.select_related("unit").get(username="baojia")
    village_unit = User.objects.select_related("unit__division").get(username="baojia_village").unit
    assert township.unit is not None and village_unit is not None and village_unit.division is not None
    village = village_unit.division
    project = (
        Project.objects.filter(
            township_id=township.unit.division_id,
            classification=Classification.CONSOLIDATE,
            production_status=ProductionStatus.NORMAL,
            applications__isnull=True,
        )
        .order_by("number")
        .first()
    )
    if project is not None:
        project_update(project=project, by=township, data=dict(RESURVEY), reason="复核调研：产品价格下跌，经营困难")
        done["resurveyed"] = 1
    round_ = current_round(None, today)
    if round_ is not None and round_.plan_by and round_.submit_by and round_.submit_by < today:
        pushed = dt.datetime.combine(
            round_.plan_by - dt.timedelta(days=7), dt.time(9), tzinfo=timezone.get_current_timezone()
        )
        unsurveyed = Project.objects.filter(number__in=imported_numbers(village)).exclude(SURVEYED)
        done["pushed_before_survey_date"] = unsurveyed.update(created_at=pushed)
    return done
