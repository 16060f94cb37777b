"""`manage.py check --deploy` in a child process with the environment of a production server
behind nginx (README, "Production"): no warning at all. The same check on the defaults warns,
so the test would see a setting that stopped being read from the environment."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "ledger.pengshui.gov.cn",
    "SECURE_PROXY_SSL_HEADER": "true",
    "CSRF_TRUSTED_ORIGINS": "https://ledger.pengshui.gov.cn",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SESSION_COOKIE_SECURE": "true",
}


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_in_production(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, DATABASE_URL=database)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_on_the_defaults(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"],
        DATABASE_URL=database,
    )
    assert result.returncode != 0
    for warning in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert warning in result.stderr, warning


PROBE = """
from django.core.exceptions import ImproperlyConfigured
try:
    import pengshui.settings as s
except ImproperlyConfigured as e:
    print("ImproperlyConfigured:", e)
else:
    print(s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, s.SECURE_HSTS_SECONDS, s.CSRF_COOKIE_SECURE)
"""


def probe(**env: str) -> str:
    result = run("-c", PROBE, **{"DJANGO_SECRET_KEY": "k", **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_https_settings_are_read_from_the_environment():
    assert probe() == "None [] 0 False"
    assert probe(**PRODUCTION) == (
        "('HTTP_X_FORWARDED_PROTO', 'https') ['https://ledger.pengshui.gov.cn'] 31536000 True"
    )
    assert probe(SESSION_COOKIE_SECURE="true", CSRF_COOKIE_SECURE="false").endswith("False")


def test_a_bad_value_is_refused_loudly():
    assert probe(CSRF_TRUSTED_ORIGINS="ledger.pengshui.gov.cn") == (
        "ImproperlyConfigured: CSRF_TRUSTED_ORIGINS must list origins like https://host[:port], "
        "not 'ledger.pengshui.gov.cn'"
    )
    assert probe(SECURE_HSTS_SECONDS="-1") == "ImproperlyConfigured: SECURE_HSTS_SECONDS must be at least 0, not -1"
    assert probe(SECURE_SSL_REDIRECT="yes please") == (
        "ImproperlyConfigured: SECURE_SSL_REDIRECT must be true or false, not 'yes please'"
    )
    assert probe(IDLE_TIMEOUT_MINUTES="0") == "ImproperlyConfigured: IDLE_TIMEOUT_MINUTES must be at least 1, not 0"


def test_behind_https_a_post_with_the_sites_origin_passes_the_csrf_check(client, personas, settings):
    """The issue's failure: behind the proxy every POST was refused ("Origin checking failed")."""
    from django.test import Client

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CSRF_TRUSTED_ORIGINS = ["https://ledger.pengshui.gov.cn"]
    settings.ALLOWED_HOSTS = ["ledger.pengshui.gov.cn"]
    browser = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="ledger.pengshui.gov.cn")
    page = browser.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    response = browser.post(
        "/accounts/login/",
        {"username": "alice", "password": "Test-pass-2026", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://ledger.pengshui.gov.cn",
        HTTP_REFERER="https://ledger.pengshui.gov.cn/accounts/login/",
    )
    assert response.status_code == 302 and response["Location"] == "/"
