"""The county's batch decision page (十四): a refused row keeps every choice, 全部同意 with
exceptions, the preview that lists what will be recorded, and a page that does not grow in
queries per application."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approvals import services
from approvals.choices import Decision, Status
from approvals.models import Opinion
from tests.approvals.test_views_meetings_notices import decisions
from tests.conftest import PASSWORD

ROW = re.compile(r'name="decide-(\d+)-application" value="(\d+)"')


def chosen(body: str) -> dict[int, str]:
    """Each application's selected conclusion on the page, by application pk."""
    rows = {int(i): int(pk) for i, pk in ROW.findall(body)}
    out = {}
    for i, pk in rows.items():
        select = re.search(rf'<select name="decide-{i}-outcome"[^>]*>(.*?)</select>', body, re.S)
        assert select, f"no conclusion for row {i}"
        picked = re.search(r'<option value="(\w+)" selected>', select.group(1))
        out[pk] = picked.group(1) if picked else ""
    return out


class HiddenInputs(HTMLParser):
    """The hidden fields of the preview's confirmation form, as the browser would post them."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.inside = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == "decide-confirm-form"
        elif tag == "input" and self.inside and a.get("type") == "hidden":
            self.data[a["name"]] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def hidden_inputs(body: str) -> dict[str, str]:
    parser = HiddenInputs()
    parser.feed(body)
    return parser.data


@pytest.fixture
def as_user(client):
    def login(user):
        client.logout()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return login


@pytest.fixture
def three(to_county, level_project):
    return [to_county(level_project(level)) for level in ("village", "township", "department")]


def county_opinions() -> int:
    return Opinion.objects.filter(step="county").count()


def test_a_refused_row_keeps_every_choice_and_records_nothing(as_user, three, personas, county_meeting):
    a, b, c = three
    meeting = county_meeting()
    r = as_user(personas["olga"]).post(
        f"/approvals/meetings/{meeting.pk}/decide/",
        decisions(
            {"application": a.pk, "outcome": "approve", "text": "同意"},
            {"application": b.pk, "outcome": "return", "text": ""},
            {"application": c.pk, "outcome": "approve", "measures": "加强管理"},
            action="preview",
        ),
    )
    body = r.content.decode()
    assert r.status_code == 200 and f"“{b.project.name}”：退回须填写理由。" in body
    assert chosen(body) == {a.pk: "approve", b.pk: "return", c.pk: "approve"}
    assert 'value="加强管理"' in body
    assert county_opinions() == 0
    assert {x.status for x in (a, b, c)} == {Status.COUNTY}


def test_the_services_refusal_on_confirm_keeps_every_choice(
    as_user, to_county, level_project, personas, county_meeting
):
    a = to_county(level_project("village"))
    b = to_county(level_project("township"))
    meeting = county_meeting()
    r = as_user(personas["olga"]).post(
        f"/approvals/meetings/{meeting.pk}/decide/",
        decisions(
            {"application": a.pk, "outcome": "approve", "classification": "upgrade"},  # facts do not allow it
            {"application": b.pk, "outcome": "return", "text": "请补充调研报告"},
        ),
    )
    body = r.content.decode()
    assert r.status_code == 200 and "提升" in body
    assert chosen(body) == {a.pk: "approve", b.pk: "return"} and 'value="请补充调研报告"' in body
    assert county_opinions() == 0


def test_all_agree_sets_the_undecided_rows_and_keeps_the_exceptions(as_user, three, personas, county_meeting):
    a, b, c = three
    meeting = county_meeting()
    r = as_user(personas["olga"]).post(
        f"/approvals/meetings/{meeting.pk}/decide/",
        decisions(
            {"application": a.pk, "outcome": "skip"},
            {"application": b.pk, "outcome": "return", "text": "现值估算依据不足"},
            {"application": c.pk, "outcome": "skip"},
            action="all_agree",
        ),
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert chosen(body) == {a.pk: "approve", b.pk: "return", c.pk: "approve"}
    assert 'value="现值估算依据不足"' in body and "row-error" not in body
    assert county_opinions() == 0


def test_the_page_offers_all_agree_and_each_applications_materials(as_user, three, personas, county_meeting):
    a = three[0]
    meeting = county_meeting()
    body = as_user(personas["olga"]).get(f"/approvals/meetings/{meeting.pk}/").content.decode()
    assert 'id="all-agree-button"' in body and "data-all-agree" in body and "data-outcome" in body
    assert f'href="/approvals/{a.pk}/" target="_blank"' in body
    # the opinions signed on the way are there, inline
    assert body.count('class="small application-materials"') == 3 and "村委会意见：同意" in body


def test_preview_lists_and_confirm_records_exactly_that(as_user, three, personas, county_meeting):
    a, b, c = three
    meeting = county_meeting()
    client = as_user(personas["olga"])
    r = client.post(
        f"/approvals/meetings/{meeting.pk}/decide/",
        decisions(
            {"application": a.pk, "outcome": "approve", "measures": "加强管理", "text": "同意"},
            {"application": b.pk, "outcome": "return", "text": "现值估算依据不足"},
            {"application": c.pk, "outcome": "skip"},
            action="preview",
        ),
    )
    body = r.content.decode()
    assert r.status_code == 200 and 'id="decide-preview"' in body and county_opinions() == 0
    listed = dict(re.findall(r'<tr data-application="(\d+)">.*?<td class="outcome">(\S+?)</td>', body, re.S))
    assert listed == {str(a.pk): "同意", str(b.pk): "退回"}
    assert "另有 1 个暂不审定" in body and "加强管理" in body and "现值估算依据不足" in body
    assert "登记后不能撤销" in body and 'data-confirm="将登记以上2个申请的审定结果' in body

    # 返回修改 brings the form back as chosen
    back = client.post(f"/approvals/meetings/{meeting.pk}/decide/", {**hidden_inputs(body), "action": "back"})
    assert chosen(back.content.decode()) == {a.pk: "approve", b.pk: "return", c.pk: "skip"}
    assert county_opinions() == 0

    # 确认登记 posts what the preview carried, and that is what is recorded
    done = client.post(
        f"/approvals/meetings/{meeting.pk}/decide/", {**hidden_inputs(body), "action": "confirm"}, follow=True
    )
    assert "已登记 2 个申请的审定结果。" in done.content.decode()
    for x in (a, b, c):
        x.refresh_from_db()
    assert (a.status, b.status, c.status) == (Status.APPROVED, Status.PREPARING, Status.COUNTY)
    assert a.approved_measures == "加强管理"
    recorded = {o.application_id: (o.decision, o.text) for o in Opinion.objects.filter(step="county")}
    assert recorded == {a.pk: (Decision.AGREE, "同意"), b.pk: (Decision.RETURN, "现值估算依据不足")}


def test_nothing_chosen_is_refused_on_the_page(as_user, three, personas, county_meeting):
    meeting = county_meeting()
    r = as_user(personas["olga"]).post(
        f"/approvals/meetings/{meeting.pk}/decide/",
        decisions(*({"application": x.pk, "outcome": "skip"} for x in three), action="preview"),
    )
    assert r.status_code == 200 and "尚未选择任何审定结论" in r.content.decode() and county_opinions() == 0


def test_a_row_decided_meanwhile_is_dropped_and_the_rest_kept(as_user, three, personas, county_meeting):
    a, b, c = three
    meeting = county_meeting()
    services.county_decide(by=personas["olga"], meeting=meeting, items=[services.Item(application=b, approve=True)])
    r = as_user(personas["olga"]).post(
        f"/approvals/meetings/{meeting.pk}/decide/",
        decisions(
            {"application": a.pk, "outcome": "approve"},
            {"application": b.pk, "outcome": "return", "text": "理由"},
            {"application": c.pk, "outcome": "return", "text": ""},
            action="preview",
        ),
    )
    body = r.content.decode()
    assert "已从本批移出" in body and chosen(body) == {a.pk: "approve", c.pk: "return"}


def test_the_meeting_page_does_not_grow_per_application(
    as_user,
    to_county,
    level_project,
    personas,
    county_meeting,
):
    meeting = county_meeting()
    client = as_user(personas["olga"])
    url = f"/approvals/meetings/{meeting.pk}/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    to_county(level_project("village"))
    one = queries()
    for level in ("township", "department", "village"):
        to_county(level_project(level))
    assert queries() == one


def test_the_irreversible_steps_ask_before_they_are_sent(as_user, approved, level_project, personas):
    """报送 names the first signer; 结束公示 and the objection's handling say what follows
    (static/pengshui/site.js asks with window.confirm)."""
    import datetime as dt

    from tests.approvals.conftest import post_notice

    draft = services.application_create(by=personas["alice"], project=level_project("village"))
    client = as_user(personas["alice"])
    html = client.get(f"/approvals/{draft.pk}/").content.decode()
    assert 'data-confirm="报送后本申请表将按路线先送签署“村委会意见”，报送后不能修改。确定报送？"' in html
    notice = post_notice(
        by=personas["alice"],
        applications=[approved(level_project("village"))],
        posted_on=dt.date(2025, 9, 30),
        contact="x",
    )
    services.objection_record(
        by=personas["alice"], notice=notice, received_on=dt.date(2025, 10, 1), submitter="村民", text="分红未兑现"
    )
    html = client.get(f"/approvals/notices/{notice.pk}/").content.decode()
    assert 'id="close-form" data-confirm="结束公示后，公示的分类随即生效，不能再登记异议。确定结束公示？"' in html
    assert "勾选“异议成立”的，相关申请将退回重新研究" in html


def test_twenty_applications_decided_on_one_page_survive_a_refused_row(
    as_user, to_county, level_project, personas, county_meeting
):
    apps = [to_county(level_project(("village", "township", "department")[n % 3])) for n in range(20)]
    meeting = county_meeting()
    olga = as_user(personas["olga"])
    page = olga.get(f"/approvals/meetings/{meeting.pk}/").content.decode()
    assert set(chosen(page)) == {a.pk for a in apps}  # all twenty on the one page
    rows = [{"application": a.pk, "outcome": "approve", "text": "同意"} for a in apps]
    rows[7] = {"application": apps[7].pk, "outcome": "return", "text": ""}  # no reason
    body = olga.post(f"/approvals/meetings/{meeting.pk}/decide/", decisions(*rows, action="preview")).content.decode()
    assert f"“{apps[7].project.name}”：退回须填写理由。" in body
    assert chosen(body) == {a.pk: ("return" if n == 7 else "approve") for n, a in enumerate(apps)}
    assert county_opinions() == 0
    rows[7]["text"] = "请补充调研报告"
    preview = olga.post(f"/approvals/meetings/{meeting.pk}/decide/", decisions(*rows, action="preview"))
    listed = preview.content.decode()
    assert listed.count("<tr data-application=") == 20
    done = olga.post(
        f"/approvals/meetings/{meeting.pk}/decide/", {**hidden_inputs(listed), "action": "confirm"}, follow=True
    )
    assert "已登记 20 个申请的审定结果。" in done.content.decode()
    assert county_opinions() == 20
    statuses = [type(a).objects.get(pk=a.pk).status for a in apps]
    assert statuses.count(Status.APPROVED) == 19 and statuses[7] == Status.PREPARING
