"""No 500 from bad input, and Chinese error pages in the site's layout: paging parameters
checked and clamped, malformed ids 404, a stored file missing on disk 404 with an error in
the log; the 403 page shows the refusal's message; none of Django's English pages reach a user."""

import logging
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ledger.models import ProjectDocument

# Django's own English pages and phrases (debug off), none of which may reach a user.
ENGLISH = ["Not Found", "Forbidden", "Server Error", "Bad Request", "CSRF verification failed", "was not found on"]


def chinese_page(response, status, *phrases):
    assert response.status_code == status
    html = response.content.decode()
    assert 'class="navbar' in html and "“四个一批”管理系统" in html  # the site's layout
    assert "返回首页" in html
    for phrase in phrases:
        assert phrase in html, phrase
    for english in ENGLISH:
        assert english not in html, english
    return html


def test_an_unknown_address_gets_the_chinese_404(client, personas):
    client.force_login(personas["alice"])
    chinese_page(client.get("/no-such-page/"), 404, "页面不存在（404）")


def test_another_units_project_is_a_chinese_404(client, personas, make_project):
    project = make_project()  # in 保家镇
    client.force_login(personas["bob"])
    chinese_page(client.get(f"/projects/{project.pk}/"), 404, "页面不存在（404）")


def test_the_403_page_shows_the_refusal(client, personas, make_project):
    project = make_project()
    client.force_login(personas["rita"])  # a reviewer sees the project but may not upload
    response = client.post(reverse("project_documents", args=[project.pk]), {"kind": "contract"})
    chinese_page(response, 403, "无权访问（403）", "您无权为该项目上传材料。")


@pytest.mark.urls("tests.security.boom_urls")
def test_a_refusal_without_a_message_gets_a_general_chinese_one(client, personas):
    client.force_login(personas["alice"])
    chinese_page(client.get("/refuse/"), 403, "您无权访问该页面或执行该操作。")


@pytest.mark.urls("tests.security.boom_urls")
def test_a_fault_gets_the_chinese_500(client, personas):
    client.raise_request_exception = False
    client.force_login(personas["alice"])
    chinese_page(client.get("/boom/"), 500, "系统错误（500）", "错误已记录")


def test_a_bad_host_gets_the_chinese_400(client, db):
    chinese_page(client.get("/accounts/login/", HTTP_HOST="evil.example"), 400, "请求有误（400）")


def test_a_form_without_its_csrf_token_gets_the_chinese_403(personas):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    html = chinese_page(
        strict.post("/accounts/login/", {"username": "alice", "password": "x"}), 403, "页面已过期或来源不符"
    )
    assert "CSRF" not in html


@pytest.mark.parametrize(
    "query, rows",
    [
        ("per_page=-5", 1),
        ("per_page=0", 1),
        ("per_page=abc", 50),
        ("per_page=100000", 200),
        ("per_page=120", 120),
        ("per_page=9999999999999999999999", 200),
        ("page=-1", 50),
        ("page=abc", 50),
        ("page=99999999999999999999", 9),  # the last page: 259 projects
        ("sort=no_such_column", 50),
        ("township=abc&year=x", 50),
    ],
)
def test_paging_parameters_are_checked_and_clamped(client, personas, make_project, query, rows):
    from ledger.models import Project

    first = make_project()
    Project.objects.bulk_create(
        [
            Project(
                **{f.attname: getattr(first, f.attname) for f in Project._meta.concrete_fields if not f.primary_key}
                | {"number": f"5002432020{n:06d}"}
            )
            for n in range(2, 260)
        ]
    )
    client.force_login(personas["carl"])
    response = client.get(f"/projects/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('id="project-table"') :]
    assert len(re.findall(r'href="/projects/\d+/"', table)) // 2 == rows


@pytest.mark.parametrize("value", ["abc", "1x", "-3", "", "1.5", "99999999999999999999"])
def test_a_malformed_project_id_posted_to_the_waiting_list_is_404(client, personas, value):
    client.force_login(personas["alice"])
    response = client.post("/pushes/waiting/", {"project": value})
    chinese_page(response, 404, "页面不存在（404）")


def test_a_huge_id_in_an_address_is_404(client, personas):
    client.force_login(personas["carl"])
    for url in [
        "/projects/99999999999999999999/",
        "/documents/99999999999999999999/",
        "/imports/99999999999999999999/",
    ]:
        assert client.get(url).status_code == 404, url


def test_a_stored_file_missing_on_disk_is_404_and_logged(client, personas, make_project, settings, tmp_path, caplog):
    settings.MEDIA_ROOT = tmp_path
    project = make_project()
    doc = ProjectDocument(
        project=project, kind="contract", content_type="application/pdf", size=9, uploaded_by=personas["alice"]
    )
    doc.file.save("合同.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    (tmp_path / doc.file.name).unlink()
    client.force_login(personas["alice"])
    with caplog.at_level(logging.ERROR, logger="pengshui.middleware"):
        response = client.get(reverse("document_download", args=[doc.pk]))
    chinese_page(response, 404, "该文件在服务器上缺失")
    (record,) = [r for r in caplog.records if r.name == "pengshui.middleware"]
    assert record.levelno == logging.ERROR and doc.file.name in record.getMessage()


def test_a_file_missing_outside_the_media_folder_is_still_a_fault(rf, settings, tmp_path):
    from pengshui.middleware import MissingMediaMiddleware

    settings.MEDIA_ROOT = tmp_path / "media"
    middleware = MissingMediaMiddleware(lambda request: None)
    error = FileNotFoundError(2, "No such file", "/etc/no-such-template")
    assert middleware.process_exception(rf.get("/"), error) is None
