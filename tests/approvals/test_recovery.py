"""After an exit takes effect the unit records what it recovers (date, amount, from whom, the
receipt's scan) until the recovery is settled, or the county office writes off the rest
with a reason; each step is a Transition row."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals import services
from approvals.choices import Action, Status
from approvals.models import Recovery
from approvals.services.exits import outstanding, recovered
from tests.approvals.conftest import pdf
from tests.approvals.exit_helpers import INSUFFICIENT, walk_exit


@pytest.fixture
def exited(make_project, personas, party_meeting, county_meeting):
    return walk_exit(personas, party_meeting, county_meeting, make_project(**INSUFFICIENT), amount="10000.30")


def _recover(by, app, amount, on=dt.date(2025, 11, 1), payer="鹿山合作社", scan="default"):
    return services.recovery_record(
        by=by, application=app, received_on=on, amount=amount, payer=payer, scan=pdf("receipt.pdf") if scan else None
    )


def test_entries_sum_exactly_and_are_history(exited, personas):
    for amount in ("0.10", "0.10", "0.10", "10000.00"):
        _recover(personas["alice"], exited, amount)
    assert recovered(exited) == Decimal("10000.30")
    assert outstanding(exited) == Decimal("0.00")
    rows = exited.transitions.filter(action=Action.RECOVER).order_by("pk")
    assert [r.text for r in rows][-1] == "2025-11-01 追回10000.00元（鹿山合作社）"
    assert all(r.from_status == r.to_status == Status.RECOVERING for r in rows)


def test_an_entry_beyond_what_is_owed_is_refused(exited, personas):
    _recover(personas["alice"], exited, "10000.00")
    with pytest.raises(ValidationError, match=re.escape("追回金额0.31元超过尚欠金额0.30元")):
        _recover(personas["alice"], exited, "0.31")
    assert Recovery.objects.count() == 1


def test_the_refusals_of_an_entry_say_what_is_missing(exited, personas):
    alice = personas["alice"]
    with pytest.raises(ValidationError, match="请上传凭证扫描件"):
        _recover(alice, exited, "100", scan=None)
    with pytest.raises(ValidationError, match="追回金额须大于0"):
        _recover(alice, exited, "0")
    with pytest.raises(ValidationError, match="追回日期不能早于退出生效日期（2025-10-15）"):
        _recover(alice, exited, "100", on=dt.date(2025, 10, 1))
    with pytest.raises(ValidationError, match="请填写追回对象"):
        _recover(alice, exited, "100", payer=" ")
    with pytest.raises(PermissionDenied, match="只有编制单位或县领导小组办公室才能登记追偿款"):
        _recover(personas["bob"], exited, "100")
    assert not Recovery.objects.exists()


def test_no_entry_before_the_exit_takes_effect(make_project, personas, party_meeting, county_meeting):
    app = walk_exit(personas, party_meeting, county_meeting, make_project(**INSUFFICIENT), until=Status.APPROVED)
    with pytest.raises(ValidationError, match="不能登记追偿款"):
        _recover(personas["alice"], app, "100")


def test_settled_only_when_all_is_recovered(exited, personas):
    _recover(personas["alice"], exited, "10000.00")
    with pytest.raises(ValidationError, match=re.escape("尚欠0.30元未追回，不能确认结清")):
        services.recovery_settle(by=personas["alice"], application=exited)
    _recover(personas["alice"], exited, "0.30")
    services.recovery_settle(by=personas["alice"], application=exited)
    exited.refresh_from_db()
    assert exited.status == Status.SETTLED
    assert exited.transitions.filter(action=Action.SETTLE, to_status=Status.SETTLED).exists()
    with pytest.raises(ValidationError, match="不能登记追偿款"):
        _recover(personas["alice"], exited, "1")


def test_the_office_writes_off_the_rest_with_a_reason(exited, personas):
    _recover(personas["alice"], exited, "6000.00")
    with pytest.raises(PermissionDenied, match="只有县领导小组办公室才能核销追偿"):
        services.recovery_write_off(by=personas["alice"], application=exited, reason="合作社已注销")
    with pytest.raises(ValidationError, match="请填写核销理由"):
        services.recovery_write_off(by=personas["olga"], application=exited, reason="")
    services.recovery_write_off(by=personas["olga"], application=exited, reason="合作社已注销，无财产可供执行")
    exited.refresh_from_db()
    assert exited.status == Status.WRITTEN_OFF
    assert exited.recovery_closed_reason == "合作社已注销，无财产可供执行"
    row = exited.transitions.get(action=Action.WRITE_OFF)
    assert (row.from_status, row.to_status, row.by) == (Status.RECOVERING, Status.WRITTEN_OFF, personas["olga"])


def test_nothing_to_write_off_once_all_is_recovered(exited, personas):
    _recover(personas["alice"], exited, "10000.30")
    with pytest.raises(ValidationError, match="追偿款已全部追回，请确认结清"):
        services.recovery_write_off(by=personas["olga"], application=exited, reason="x")
