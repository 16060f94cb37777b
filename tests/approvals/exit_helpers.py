"""Walk an exit (二, 基本原则: 退出和追偿机制) along the route of a class decision."""

import datetime as dt

from approvals import services
from approvals.choices import Status
from tests.approvals.conftest import png, post_notice

# A project whose linkage with farmers is insufficient: it may exit.
INSUFFICIENT = {"linkage": "insufficient", "linkage_no_income": True}


def walk_exit(personas, party_meeting, county_meeting, project, *, amount="200000.00", until=Status.RECOVERING):
    """From a new exit of a village-level project to `until` (COUNTY, APPROVED or RECOVERING)."""
    alice, vera, olga = personas["alice"], personas["vera"], personas["olga"]
    reason = "合作社长期不分红，无法建立联农带农机制"
    app = services.exit_create(by=alice, project=project, reason=reason, amount=amount, recovery_from="鹿山合作社")
    services.exit_file(by=alice, application=app)
    services.application_agree(by=vera, application=app, text="同意退出", seal=png())
    services.application_agree(
        by=alice, application=app, text="经党委会研究同意报送", seal=png(), party_meeting=party_meeting(alice)
    )
    app.refresh_from_db()
    if until == Status.COUNTY:
        return app
    services.county_decide(
        by=olga, meeting=county_meeting(), items=[services.Item(application=app, approve=True, text="同意退出")]
    )
    app.refresh_from_db()
    if until == Status.APPROVED:
        return app
    notice = post_notice(by=alice, applications=[app], posted_on=dt.date(2025, 9, 30), contact="电话 023-78441234")
    services.notice_close(notice=notice, by=alice, today=dt.date(2025, 10, 15))
    app.refresh_from_db()
    return app
