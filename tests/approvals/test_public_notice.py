"""The notice's public page (十四, D107): what the printed 公告 shows and nothing private, the
online objection reaching the unit's list with its notification, the challenge, the rate
limit, the closed notice's outcome, and the QR code carrying the page's address."""

import datetime as dt
import io
import logging
import re

import pypdf
import pytest
import segno
from django.core import signing
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from approvals import services
from approvals.calendar import notice_end
from approvals.choices import ObjectionSource
from approvals.models import Objection, Opinion
from approvals.public import public_url
from approvals.services import notices as notice_services
from approvals.services.notices import counts_from
from ledger.models import Notification, NotificationKind
from ledger.pdf import html_to_pdf
from tests.approvals.conftest import png, post_notice

SITE = "https://ledger.pengshui.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def notice(approved, level_project, personas):
    personas["alice"].first_name, personas["alice"].last_name = "晓梅", "冉"
    personas["alice"].save()
    app = approved(level_project("township"))
    return post_notice(
        by=personas["alice"],
        applications=[app],
        posted_on=timezone.localdate(),
        contact="保家镇人民政府 023-78440000",
    )


@pytest.fixture
def anon():
    return Client()


def page(notice):
    return reverse("public:notice", kwargs={"token": notice.token})


def answer(form_html):
    """Solve the challenge the page asks (the sum is in the page's text)."""
    a, b = re.search(r"验证题：(\d) 加 (\d) 等于几", form_html).groups()
    token = re.search(r'name="challenge" value="([^"]+)"', form_html).group(1)
    return {"challenge": token, "answer": str(int(a) + int(b))}


def objection(notice, html, **extra):
    return {
        "submitter": "村民甲",
        "contact": "13800001111",
        "application": str(notice.applications.get().pk),
        "text": "项目实际已停产，分类不符",
        **answer(html),
        **extra,
    }


def test_the_page_shows_the_notice_and_nothing_private(anon, notice):
    app = notice.applications.get()
    response = anon.get(page(notice))
    assert response.status_code == 200
    html = response.content.decode()
    for shown in (
        app.project.name,
        app.project.number,
        app.get_approved_class_display(),
        app.approved_measures,
        notice.posted_on.strftime("%Y年%-m月%-d日"),
        notice.places,
        notice.contact,  # how to object: printed on the 公告
        "已收到异议 <strong>0</strong> 件",
    ):
        assert shown in html, shown
    end = notice_end(counts_from(notice))
    assert (end.end.strftime("%Y年%-m月%-d日") if end.end else "公示截止日待确认") in html
    private = [
        app.project.responsible_phone,
        app.project.responsible_person,
        "晓梅",
        "alice",
        *Opinion.objects.filter(application=app).values_list("text", flat=True),
        "/approvals/",  # no link to the office's pages or files (scans, seals, posting photos)
        "/media/",
        "csrfmiddlewaretoken",
    ]
    assert Opinion.objects.filter(application=app).exists()
    for value in private:
        assert value not in html, value
    assert response["Cache-Control"] == "max-age=60"
    assert not response.cookies  # no session, no CSRF cookie: one cached page for everyone


def test_a_wrong_token_is_404(anon, notice):
    assert anon.get(reverse("public:notice", kwargs={"token": notice.token + "x"})).status_code == 404
    assert anon.get("/gs/").status_code == 404


def test_an_online_objection_reaches_the_units_list_and_is_notified(anon, notice, personas, as_user):
    html = anon.get(page(notice)).content.decode()
    response = anon.post(page(notice), objection(notice, html, photo=png("site.png")), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    body = response.content.decode()
    assert "您的异议已收到" in body and "已收到异议 <strong>1</strong> 件" in body
    assert "项目实际已停产" not in body and "村民甲" not in body and "13800001111" not in body
    o = Objection.objects.get()
    assert (o.notice, o.application, o.source, o.recorded_by, o.ip) == (
        notice,
        notice.applications.get(),
        ObjectionSource.ONLINE,
        None,
        "10.1.2.3",
    )
    assert (o.submitter, o.contact, o.received_on) == ("村民甲", "13800001111", timezone.localdate())
    assert o.photo and o.history.count() == 1
    notified = set(
        Notification.objects.filter(kind=NotificationKind.OBJECTION).values_list("user__username", flat=True)
    )
    assert {"alice", "olga"} <= notified
    office = as_user(personas["olga"]).get(reverse("approvals:notice", kwargs={"pk": notice.pk})).content.decode()
    assert "村民甲" in office and "13800001111" in office and "网上提出" in office and "项目实际已停产" in office
    photo = reverse("approvals:file_download", kwargs={"kind": "objection", "pk": o.pk})
    assert photo in office
    assert as_user(personas["olga"]).get(photo).status_code == 200
    assert as_user(personas["bob"]).get(photo).status_code == 404  # another township's notice
    # the objection must be resolved before the notice can close, as one recorded by hand
    notice.refresh_from_db()
    after = notice.ends_on + dt.timedelta(days=1)
    assert notice_services.notice_state(notice, today=after) == "尚有未处理的异议。"


def test_the_photo_is_never_public(anon, notice):
    html = anon.get(page(notice)).content.decode()
    anon.post(page(notice), objection(notice, html, photo=png()), REMOTE_ADDR="10.1.2.3")
    o = Objection.objects.get()
    photo = reverse("approvals:file_download", kwargs={"kind": "objection", "pk": o.pk})
    assert anon.get(photo).status_code == 302  # to log-in
    public_page = anon.post(page(notice), {}, REMOTE_ADDR="10.9.9.9").content.decode()
    assert photo not in public_page and o.photo.name not in public_page


def test_the_challenge_refuses_a_wrong_answer_a_forged_one_and_a_filled_trap(anon, notice):
    html = anon.get(page(notice)).content.decode()
    data = objection(notice, html)
    wrong = anon.post(page(notice), data | {"answer": str(int(data["answer"]) + 1)})
    assert wrong.status_code == 400 and "验证题答案不正确" in wrong.content.decode()
    forged = anon.post(page(notice), data | {"challenge": signing.dumps([1, 1], salt="other"), "answer": "2"})
    assert "验证题无效" in forged.content.decode()
    trapped = anon.post(page(notice), data | {"website": "http://spam.example"})
    assert trapped.status_code == 400
    assert not Objection.objects.exists()
    # the refused form keeps what was written and asks a new sum
    body = wrong.content.decode()
    assert "项目实际已停产" in body and re.search(r"验证题：\d 加 \d 等于几", body)


def test_the_fourth_from_one_address_is_refused(anon, notice):
    def lodge(address):
        html = anon.get(page(notice)).content.decode()
        return anon.post(page(notice), objection(notice, html), REMOTE_ADDR=address)

    for _ in range(3):
        assert lodge("10.1.2.3").status_code == 200
    refused = lodge("10.1.2.3")
    assert refused.status_code == 400
    assert "同一网络地址24小时内对本公示最多提出3条异议" in refused.content.decode()
    assert Objection.objects.count() == 3
    assert lodge("10.4.5.6").status_code == 200  # another address still may
    assert Objection.objects.count() == 4


def test_the_notice_takes_at_most_so_many_a_day(notice, monkeypatch):
    monkeypatch.setattr(notice_services, "ONLINE_PER_NOTICE_PER_DAY", 2)
    app = notice.applications.get()
    for i in range(2):
        services.objection_lodge_online(
            notice=notice, submitter="甲", contact="1", text="异议", application=app, ip=f"10.0.0.{i}"
        )
    with pytest.raises(Exception, match="本公示今日网上异议已达上限"):
        services.objection_lodge_online(
            notice=notice, submitter="乙", contact="1", text="异议", application=app, ip="10.0.0.9"
        )
    # a project outside the notice is refused as by hand
    assert Objection.objects.count() == 2


def test_a_closed_notice_shows_its_outcome_and_takes_nothing(anon, notice):
    html = anon.get(page(notice)).content.decode()
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        anon.post(page(notice), objection(notice, html), REMOTE_ADDR=address)
    first, second, third = Objection.objects.order_by("pk")
    Objection.objects.filter(pk=first.pk).update(resolved=True, upheld=True, resolution="属实")
    Objection.objects.filter(pk__in=[second.pk, third.pk]).update(resolved=True, resolution="不属实")
    notice.closed_at = timezone.now()
    notice.save()
    fresh = Client()  # the open page of this client is cached
    body = fresh.get(page(notice) + "?closed").content.decode()
    assert "公示已结束" in body and "异议成立 1 件，不成立 2 件" in body
    assert 'id="public-objection-form"' not in body
    refused = fresh.post(page(notice), objection(notice, html), REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 400 and "公示已结束" in refused.content.decode()
    assert Objection.objects.count() == 3


def test_the_printed_notice_carries_the_qr_code_of_the_page(notice, personas, as_user, caplog):
    url = public_url(notice)
    assert url == f"{SITE}/gs/{notice.token}/"
    html = as_user(personas["alice"]).get(reverse("approvals:notice_print", kwargs={"pk": notice.pk})).content.decode()
    assert f'data-url="{url}"' in html

    def svg(u):
        return segno.make(u, error="m", micro=False).svg_inline(
            scale=4, border=2, svgclass="notice-qr-code", lineclass=None
        )

    assert svg(url) in html  # the code of exactly this URL
    assert svg(url + "x") not in html and svg(url.replace("https", "http")) not in html
    code = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert "style=" not in code  # the CSP refuses inline styles
    # the printed PDF (archive and print) draws it without a complaint from WeasyPrint
    context = {"notice": notice, "end": notice_end(counts_from(notice))}
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(render_to_string("approvals/notice_print.html", context))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "扫码查看本公示" in text and notice.token in text.replace("\n", "")
