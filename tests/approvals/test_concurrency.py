"""Two reviewers acting at once on one application: exactly one transition happens, the
other gets a clear message. Needs PostgreSQL's row locks (skipped on SQLite)."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from approvals import services
from approvals.choices import Status
from approvals.models import Opinion, Transition
from tests.approvals.conftest import file_app, png


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_give_one_transition(level_project, personas, county):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from ledger.models import User

    vera2 = User.objects.create_user("vera2", password="x", unit=personas["vera"].unit, role="village")
    app = services.application_create(by=personas["alice"], project=level_project("village"))
    file_app(by=personas["alice"], application=app)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user, agree):
        try:
            barrier.wait()
            if agree:
                services.application_agree(by=user, application=app, text="同意", seal=png())
            else:
                services.application_return(by=user, application=app, reason="请补充材料")
            outcomes.append("ok")
        except ValidationError as e:
            outcomes.append(e.messages[0])
        except PermissionDenied as e:  # the loser is no longer at its step
            outcomes.append(str(e))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(personas["vera"], True)),
        threading.Thread(target=act, args=(vera2, False)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=len)[0] == "ok"
    assert outcomes.count("ok") == 1
    refused = next(o for o in outcomes if o != "ok")
    assert "已被他人处理" in refused
    app.refresh_from_db()
    assert app.status in (Status.TOWNSHIP, Status.PREPARING)
    assert Opinion.objects.filter(application=app).count() == 1
    assert Transition.objects.filter(application=app, from_status=Status.VILLAGE).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_county_batches_at_once_decide_once(to_county, level_project, personas, county_meeting):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    app = to_county(level_project("village"))
    meeting = county_meeting()
    barrier = threading.Barrier(2)
    outcomes = []

    def act():
        try:
            barrier.wait()
            services.county_decide(
                by=personas["olga"], meeting=meeting, items=[services.Item(application=app, approve=True)]
            )
            outcomes.append("ok")
        except ValidationError as e:
            outcomes.append(e.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert Transition.objects.filter(application=app, to_status=Status.APPROVED).count() == 1
