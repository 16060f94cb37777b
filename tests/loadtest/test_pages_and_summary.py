"""The load test's pure parts: what a simulated user reads from a page (a real page of the
app, rendered here), and the summary of locust's CSV files. No test runs locust."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loadtest.pages import csrf_token, form_fields, is_stale_refusal, project_ids, replace_field
from loadtest.summary import SubmissionCheck, format_table, overall, read_failures, read_stats, row_named

FORM = """
<form method="post" action="/accounts/logout/"><input type="hidden" name="csrfmiddlewaretoken" value="OUT"></form>
<form method="post" id="project-form" novalidate>
<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">
<input type="hidden" name="version" value="7">
<input type="text" name="name" value="保家镇茶叶基地项目">
<input type="checkbox" name="problems" value="a" checked><input type="checkbox" name="problems" value="b">
<input type="radio" name="level" value="village"><input type="radio" name="level" value="township" checked>
<select name="village"><option value="">---</option><option value="12" selected>大塘村</option></select>
<select name="industry"><option value="planting">种植</option><option value="other">其他</option></select>
<select name="tags" multiple><option value="x">x</option></select>
<textarea name="remarks">
原有备注</textarea>
<input type="text" name="locked" value="no" disabled>
<input type="file" name="upload"><button type="submit" name="go" value="1">保存</button>
</form>"""


def test_form_fields_are_what_a_browser_submits():
    assert form_fields(FORM, "project-form") == [
        ("csrfmiddlewaretoken", "TOKEN"),
        ("version", "7"),
        ("name", "保家镇茶叶基地项目"),
        ("problems", "a"),
        ("level", "township"),
        ("village", "12"),
        ("industry", "planting"),  # a single select with none selected submits its first option
        ("remarks", "原有备注"),
    ]
    # without an id: the first post form of the page
    assert form_fields(FORM) == [("csrfmiddlewaretoken", "OUT")]


def test_replace_field_sets_or_adds():
    fields = [("a", "1"), ("remarks", "old"), ("b", "2")]
    assert replace_field(fields, "remarks", "new") == [("a", "1"), ("b", "2"), ("remarks", "new")]
    assert replace_field([], "change_reason", "负载测试") == [("change_reason", "负载测试")]


def test_csrf_token_and_project_links():
    assert csrf_token(FORM) == "OUT"
    assert csrf_token("<p>no form</p>") is None
    page = (
        '<a href="/projects/12/">x</a><a href="/projects/12/edit/">e</a>'
        '<a href="/projects/3/">y</a><a href="/projects/12/">z</a>'
    )
    assert project_ids(page) == [12, 3]


@pytest.mark.django_db
def test_the_edit_page_of_the_app_posts_back_as_it_stands(client, personas, make_project):
    """The fields read from the real edit page, posted back with one change, save the project."""
    from ledger.models import Project

    project = make_project()
    client.force_login(personas["alice"])
    page = client.get(f"/projects/{project.pk}/edit/")
    assert page.status_code == 200
    fields = replace_field(form_fields(page.content.decode(), "project-form"), "remarks", "负载测试修改")
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    response = client.post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].endswith(f"/projects/{project.pk}/")
    assert Project.objects.get(pk=project.pk).remarks == "负载测试修改"


@pytest.mark.django_db
def test_a_save_on_a_copy_another_user_changed_is_told_apart_from_an_error(client, personas, make_project):
    """Two users open the same project's edit page; the first saves; the second's save is
    refused as made on a changed copy (what the load test counts as expected and retries),
    while a plain invalid form is not taken for that refusal."""
    from ledger.models import Project

    project = make_project()
    url = f"/projects/{project.pk}/edit/"
    posted: dict[str, dict[str, list[str]]] = {}
    for user, remark in (("alice", "甲的修改"), ("carl", "乙的修改")):
        client.force_login(personas[user])
        fields = replace_field(form_fields(client.get(url).content.decode(), "project-form"), "remarks", remark)
        posted[user] = {}
        for name, value in fields:
            posted[user].setdefault(name, []).append(value)
    client.force_login(personas["alice"])
    assert client.post(url, posted["alice"]).status_code == 302
    client.force_login(personas["carl"])
    refused = client.post(url, posted["carl"])
    assert is_stale_refusal(refused.status_code, refused.content.decode())
    assert Project.objects.get(pk=project.pk).remarks == "甲的修改"
    fresh = {k: v for k, v in posted["carl"].items() if k != "version"} | {"name": [""]}
    invalid = client.post(url, fresh)
    assert invalid.status_code == 200 and not is_stale_refusal(invalid.status_code, invalid.content.decode())


STATS = (
    (
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
        "Max Response Time,Average Content Size,Requests/s,Failures/s,"
        "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
    )
    + """GET,home,120,0,210,250.5,40,1900,30000,2.0,0.0,210,260,300,320,500,700,900,1200,1900,1900,1900
POST,weekly submit,40,2,150,160.0,90,800,9000,0.6667,0.0333,150,160,170,180,300,400,600,800,800,800,800
GET,never,0,0,0,0,0,0,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A
,Aggregated,160,2,190,227.6,40,1900,24750,2.6667,0.0333,190,230,280,300,460,650,850,1100,1900,1900,1900
"""
)
FAILURES = """Method,Name,Error,Occurrences
POST,weekly submit,CatchResponseError('the weekly report was not taken (200)'),2
GET,home,ConnectionError,1
"""


def test_summary_reads_locust_csv(tmp_path: Path):
    (tmp_path / "run_stats.csv").write_text(STATS, encoding="utf-8")
    (tmp_path / "run_failures.csv").write_text(FAILURES, encoding="utf-8")
    rows = read_stats(tmp_path / "run_stats.csv")
    total = overall(rows)
    assert total is not None and (total.requests, total.failures, total.p95, total.p99) == (160, 2, 650, 1100)
    submit = row_named(rows, "weekly submit")
    assert submit is not None and submit.successes == 38 and submit.p50 == 150
    never = row_named(rows, "never")
    assert never is not None and never.p95 is None
    table = format_table(rows).splitlines()
    assert table[0].split() == ["request", "reqs", "fails", "req/s", "p50", "p95", "p99", "max"]
    assert table[-1].split() == ["overall", "160", "2", "2.67", "190", "650", "1100", "1900"]
    assert table[-2].split()[-4:] == ["-", "-", "-", "0"]
    assert read_failures(tmp_path / "run_failures.csv")[0] == (
        "weekly submit",
        "CatchResponseError('the weekly report was not taken (200)')",
        2,
    )
    assert read_failures(tmp_path / "missing.csv") == []


def test_submission_check_compares_locust_with_the_database():
    def check(**kw):
        return SubmissionCheck(**{"opened": 2000, "reports_after": 46, "units_submitting": 46, **kw})

    good = check(succeeded=2000, versions_added=2000)
    assert good.ok and good.lost == 0 and good.lines()[-1] == "no submission lost"
    lost = check(succeeded=2000, versions_added=1998)
    assert not lost.ok and "2 submissions taken but not in the database" in lost.lines()[-1]
    # taken by the server, the answer failed or cut off at the stop time-out: not lost
    late = check(succeeded=1990, versions_added=1995)
    assert late.ok and late.unanswered == 5 and "5 taken by the server but not counted" in late.lines()[-1]
    assert not check(succeeded=1990, versions_added=2001).ok  # more versions than forms opened
    assert not check(succeeded=10, versions_added=10, reports_after=47).ok  # a week reported twice by a unit


FINAL = """
import sys
from locust.env import Environment
from loadtest.results import write_final_csv
env = Environment()
for ms in (100, 200, 300):
    env.stats.log_request("GET", "weekly form", ms, 1000)
env.stats.log_request("POST", "weekly submit", 150, 900)
env.stats.log_request("POST", "weekly submit", 900, 0)
env.stats.log_error("POST", "weekly submit", "the weekly report was not taken (200)")
write_final_csv(env, sys.argv[1])
"""


@pytest.mark.skipif(importlib.util.find_spec("locust") is None, reason="locust (requirements-dev.txt) not installed")
def test_the_final_figures_are_every_request_locust_recorded(tmp_path: Path):
    """What the locustfile writes once every user has stopped: each request in locust's
    statistics, in the format the summary reads. In a process of its own, as locust patches
    the standard library (gevent) when imported."""
    from django.conf import settings

    base = str(settings.BASE_DIR)
    env = {**os.environ, "PYTHONPATH": base}
    subprocess.run([sys.executable, "-c", FINAL, str(tmp_path / "run")], cwd=base, env=env, check=True, timeout=60)
    rows = read_stats(tmp_path / "run_stats.csv")
    opened, submitted, total = row_named(rows, "weekly form"), row_named(rows, "weekly submit"), overall(rows)
    assert opened is not None and (opened.requests, opened.successes, opened.p50) == (3, 3, 200)
    assert submitted is not None and (submitted.requests, submitted.failures, submitted.max_ms) == (2, 1, 900)
    assert total is not None and (total.requests, total.failures) == (5, 1)
    assert read_failures(tmp_path / "run_failures.csv") == [
        ("weekly submit", "the weekly report was not taken (200)", 1)
    ]


def test_gunicorn_conf_is_the_production_command(monkeypatch):
    """gunicorn.conf.py, which production and the load test both use: bound to the loopback,
    the README's time-outs; a trial's workers and threads come from the environment."""
    import runpy

    from django.conf import settings

    conf_path = str(Path(settings.BASE_DIR) / "gunicorn.conf.py")
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(conf_path)
    assert conf["bind"] == "127.0.0.1:8000"
    assert (conf["timeout"], conf["graceful_timeout"]) == (120, 30)
    assert conf["worker_class"] in ("sync", "gthread") and conf["workers"] >= 2
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    monkeypatch.setenv("GUNICORN_WORKERS", "2")
    trial = runpy.run_path(conf_path)
    assert (trial["worker_class"], trial["workers"], trial["threads"]) == ("gthread", 2, 4)
