"""The simulated users of the load test (locust). `manage.py loadtest` runs this file with
the accounts it seeded (LOADTEST_ACCOUNTS, a JSON file) and their password
(LOADTEST_PASSWORD); see docs/loadtest.md.

Each simulated user logs in once, with its own account, and keeps its session. The test
talks to gunicorn on the loopback as nginx would: it says the request came over HTTPS
(X-Forwarded-Proto), gives a client address (X-Forwarded-For), sends the Referer a browser
sends (Django's CSRF check of an HTTPS request asks for it), keeps the session cookie
although it is marked Secure (the loopback is plain HTTP between the proxy and gunicorn), and
opens one connection a request (nginx's HTTP/1.0 to the upstream).

- BrowseUser (scenario browse): users of the township, village, department, bureau and
  office roles browse the home page, the project list, a project's page, change a project
  (the edit form, then a real change posted), submit their unit's weekly report (the
  township and department roles; the county roles look at the county's overview), and
  each downloads the ledger (附件5) once, at a random moment; 1–3 s between actions.
- PeakUser (scenario peak): the township and department users before the Thursday 16:00
  deadline: each opens its unit's weekly report and submits it, at a fixed pace, until the
  run's submissions are made (the first of a unit creates the report, the next ones new
  versions).
"""

import itertools
import json
import os
import random
import time
from pathlib import Path

import gevent  # type: ignore[import-untyped]
from locust import HttpUser, between, constant_pacing, events, task
from locust.exception import StopUser
from requests.cookies import RequestsCookieJar

from loadtest.pages import csrf_token, form_fields, is_stale_refusal, project_ids, replace_field
from loadtest.results import write_final_csv

ACCOUNTS: dict[str, list[str]] = json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text(encoding="utf-8"))
PASSWORD = os.environ["LOADTEST_PASSWORD"]
# The ledger (附件5) is downloaded occasionally: by one user in ten (a township's ledger) and
# by the first county user (the county's), once each, at a random moment within this many s.
LEDGER_WITHIN = float(os.environ.get("LOADTEST_LEDGER_WITHIN", "120"))
# The week (its Monday) the server's clock is in; peak: each user's number of submissions
# and the seconds between them.
WEEK = os.environ.get("LOADTEST_WEEK", "")
SUBMISSIONS_PER_USER = int(os.environ.get("LOADTEST_SUBMISSIONS_PER_USER", "1"))
PACE = float(os.environ.get("LOADTEST_PACE", "10"))
PEAK_USERS = int(os.environ.get("LOADTEST_USERS", "1"))
# Where the run's figures are written once every user has stopped (PREFIX_stats.csv,
# PREFIX_failures.csv): not locust's --csv files, which miss the run's last second.
STATS_PREFIX = os.environ.get("LOADTEST_STATS", "")

# The browse scenario's mix of roles, repeated: per ten users 3 township, 3 village,
# 2 department, 1 bureau, 1 office.
ROLE_CYCLE = ["township", "village", "department", "township", "village", "bureau", "township", "village", "office",
              "department"]  # fmt: skip
EDITORS = {"township", "village", "department", "bureau"}
REPORTERS = {"township", "department"}
SUBMITTED = ("周调度已报送。", "周调度已修改并重新报送。")
STALES: list[int] = []  # saves refused as stale (each followed by one more try)
STALE: list[int] = []  # ... and refused again on the second try

_role_turn = itertools.count()
_account_turn: "dict[str, itertools.count[int]]" = {}
_peak_turn = itertools.count()
_peak_done = itertools.count(1)


def _next_account(role: str) -> str:
    pool = ACCOUNTS[role]
    turn = _account_turn.setdefault(role, itertools.count())
    return pool[next(turn) % len(pool)]


@events.test_stop.add_listener
def _final_figures(environment, **_kwargs) -> None:
    """Every user has finished (or was stopped at the stop time-out): the counts are final."""
    if STATS_PREFIX:
        write_final_csv(environment, STATS_PREFIX)
        conflicts = {"stale": len(STALES), "stale_again": len(STALE)}
        Path(f"{STATS_PREFIX}_conflicts.json").write_text(json.dumps(conflicts), encoding="utf-8")


class LoopbackJar(RequestsCookieJar):
    """Keeps the Secure session and CSRF cookies for the loopback (plain HTTP from nginx to
    gunicorn), so they are sent back as the browser sends them over HTTPS."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class _LoggedIn(HttpUser):
    abstract = True
    username = ""

    def _proxy_headers(self, number: int) -> None:
        self.client.cookies = LoopbackJar()
        # nginx as the README sets it up speaks HTTP/1.0 to gunicorn: one connection a request
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": f"10.{number // 250 % 250}.{number % 250}.1",
                "Connection": "close",
            }
        )

    def _referer(self, path: str) -> dict[str, str]:
        host = (self.host or "").removeprefix("http://").removeprefix("https://")
        return {"Referer": f"https://{host}{path}"}

    def log_in(self, username: str, number: int) -> None:
        self.username = username
        self._proxy_headers(number)
        page = self.client.get("/accounts/login/", name="log-in page")
        token = csrf_token(page.text) or ""
        with self.client.post(
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers=self._referer("/accounts/login/"),
            allow_redirects=False,
            name="log in",
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"log-in of {username} refused ({r.status_code})")
                raise StopUser()


class BrowseUser(_LoggedIn):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        number = next(_role_turn)
        self.role = ROLE_CYCLE[number % len(ROLE_CYCLE)]
        self.log_in(_next_account(self.role), number)
        self.projects: list[int] = []
        self.refused: set[int] = set()
        self.ledger_at = time.monotonic() + random.uniform(5, max(LEDGER_WITHIN, 6))
        self.ledger_done = number % 10 != 0 and number != 5
        self.list_page()

    @task(4)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(4)
    def list_page(self) -> None:
        page = random.choice([1, 1, 1, 2, 3])
        r = self.client.get(f"/projects/?page={page}", name="project list")
        found = project_ids(r.text)
        if found:
            self.projects = found

    @task(6)
    def detail(self) -> None:
        if self.projects:
            self.client.get(f"/projects/{random.choice(self.projects)}/", name="project page")

    @task(2)
    def edit(self) -> None:
        if self.role not in EDITORS:
            return
        choices = [p for p in self.projects if p not in self.refused]
        if not choices:
            return
        pk = random.choice(choices)
        # When another user saved the project between this user's opening of the form and
        # the save, the save is refused (ledger.history.check_version) and the user, as the
        # message asks, opens the form again and makes the change once more.
        if self.change(pk, "edit") == "stale" and self.change(pk, "edit, reopened") == "stale":
            STALE.append(pk)

    def change(self, pk: int, name: str) -> str:
        """Open the project's edit form and post a change; "saved", "stale" (refused as
        made on an outdated copy, which is the expected answer, not an error), "refused"
        (not this user's) or "failed"."""
        path = f"/projects/{pk}/edit/"
        with self.client.get(path, name=f"{name} form", catch_response=True) as r:
            if r.status_code == 403:  # not this user's to change (a village's own projects only)
                self.refused.add(pk)
                r.success()
                return "refused"
        if r.status_code != 200:
            return "failed"
        fields = form_fields(r.text, "project-form") or form_fields(r.text)
        fields = replace_field(fields, "remarks", f"负载测试修改 {self.username} {time.time():.0f}")
        fields = replace_field(fields, "change_reason", "负载测试")
        with self.client.post(
            path,
            data=fields,
            headers=self._referer(path),
            allow_redirects=False,
            name=f"{name} save",
            catch_response=True,
        ) as r:
            if r.status_code == 302 and r.headers.get("Location", "").endswith(f"/projects/{pk}/"):
                return "saved"
            if is_stale_refusal(r.status_code, r.text):
                STALES.append(pk)
                r.success()
                return "stale"
            r.failure(f"the change was not saved ({r.status_code})")
            return "failed"

    @task(2)
    def weekly(self) -> None:
        if self.role in ("bureau", "office"):
            self.client.get("/weekly/county/", name="weekly county")
            return
        if self.role not in REPORTERS:
            return
        submit_weekly(self, WEEK)

    @task(1)
    def ledger(self) -> None:
        if self.ledger_done or time.monotonic() < self.ledger_at:
            return
        self.ledger_done = True
        with self.client.get("/exports/ledger.xlsx", name="ledger 附件5", catch_response=True) as r:
            if r.status_code != 200 or not r.content.startswith(b"PK"):
                r.failure(f"no workbook ({r.status_code})")


def submit_weekly(user: _LoggedIn, week: str) -> bool:
    """Open the unit's weekly report and submit it; True when the page says it was taken."""
    path = f"/weekly/?date={week}" if week else "/weekly/"
    page = user.client.get(path, name="weekly form")
    token = csrf_token(page.text) if page.status_code == 200 else None
    if token is None:
        return False
    text = f"本周无其他进展（{user.username} {time.time():.3f}）"
    with user.client.post(
        path,
        data={"csrfmiddlewaretoken": token, "other_progress": text},
        headers=user._referer(path),
        name="weekly submit",
        catch_response=True,
    ) as r:
        if r.status_code == 200 and any(m in r.text for m in SUBMITTED):
            return True
        r.failure(f"the weekly report was not taken ({r.status_code})")
        return False


class PeakUser(_LoggedIn):
    """One account of a township or department; submits SUBMISSIONS_PER_USER times, one every PACE s."""

    wait_time = constant_pacing(PACE)

    def on_start(self) -> None:
        number = next(_peak_turn)
        accounts = ACCOUNTS["township"] + ACCOUNTS["department"]
        self.log_in(accounts[number % len(accounts)], number)
        self.made = 0
        # spread the first submissions over one pace, as the units do not all start at once
        gevent.sleep(random.uniform(0, PACE))

    @task
    def submit(self) -> None:
        submit_weekly(self, WEEK)
        self.made += 1
        if self.made >= SUBMISSIONS_PER_USER:
            if next(_peak_done) >= PEAK_USERS:  # the last one done ends the run
                gevent.spawn_later(1, self.environment.runner.quit)
            raise StopUser()
