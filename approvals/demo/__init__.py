"""Demo applications, so that the demo accounts find work in the approvals pages.

A dozen applications on the demo projects of 鹿山社区 (保家镇), the village of the demo
account `baojia_village`, plus one being drafted by 县农业农村委. Each is created and
moved on through the real services (approvals.services), acting as the demo account whose
step it is, with the documents each step asks for (a tiny generated PDF labelled 演示文件
stands for every scan, sealed page and set of minutes). Between them they stand at every
step of the route (approvals.route):

* being drafted by the village committee, and by the department (编制中);
* returned by the township to the preparer, with its reason (被退回);
* waiting for the village committee (one of them a rebuild case still waiting for the
  joint review of 县财政局), for the township, for the county leading group;
* decided at the county meeting and waiting for the notice; in notice;
* in effect with disposal progress (ledger column 处置整改进展情况), one with no progress
  for over 30 days (处置进展逾期未报), and one completed and waiting for its evaluation;
* one project of the demo's national import (ledger.demo.imported, 十一), pushed to 保家镇,
  surveyed by the township, decided, disposed of, evaluated and re-classified by filing
  (报送备案 → 备案, 十五) with no second notice; its sibling in the import stays not surveyed.

Dates are relative to `today`, on working days (approvals.calendar): the older batch was
decided about nine weeks ago, its notice (with one objection, resolved) ended and the
classifications took effect through `notice_close(today=...)` the working day after the
notice ended; the recent batch was decided last week and one of its applications has been
in notice for two working days. The services stamp their history rows with the time they
run, so the history shows the demo being entered at seeding time while meeting, notice and
progress dates are the ones of this timeline.

Which project gets which step is drawn from the seed; with few projects some steps are
left out. The applications go into a database with none yet; once there is any, the
approvals are left alone (see seed_activity).
"""

from approvals.demo.activity import seed_activity
from approvals.demo.applications import seed_applications
from approvals.demo.documents import demo_pdf
from approvals.demo.timeline import Timeline, timeline

__all__ = ["Timeline", "demo_pdf", "seed_activity", "seed_applications", "timeline"]
