"""pengshui/settings.py read afresh in a child process, with only the environment given:
production refuses to start without a secret key, a developer's machine starts without one."""

import os
import subprocess
import sys

from django.conf import settings

# Prints the three values that depend on the environment, or the error's class and message.
PROBE = """
from django.core.exceptions import ImproperlyConfigured
try:
    import pengshui.settings as s
except ImproperlyConfigured as e:
    print("ImproperlyConfigured:", e)
else:
    print(s.DEBUG, bool(s.SECRET_KEY), s.SECRET_KEY.startswith("insecure-"))
"""


def load_settings(**env: str) -> str:
    """The probe's output for settings loaded with exactly `env` (plus PATH)."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_without_a_secret_key_debug_off_refuses_to_start():
    assert load_settings() == "ImproperlyConfigured: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off"
    assert load_settings(DJANGO_DEBUG="false") == (
        "ImproperlyConfigured: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off"
    )


def test_with_a_secret_key_debug_stays_off_and_the_key_is_used():
    assert load_settings(DJANGO_SECRET_KEY="a-long-random-production-key") == "False True False"


def test_debug_on_a_developers_machine_gets_a_development_key():
    assert load_settings(DJANGO_DEBUG="true") == "True True True"


def test_a_bad_boolean_is_refused():
    assert load_settings(DJANGO_DEBUG="maybe", DJANGO_SECRET_KEY="k") == (
        "ImproperlyConfigured: DJANGO_DEBUG must be true or false, not 'maybe'"
    )


def test_the_tests_run_with_debug_off():
    assert settings.DEBUG is False and settings.SECRET_KEY


def test_a_database_url_keeps_connections_and_checks_them():
    probe = (
        "import pengshui.settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SECRET_KEY": "k",
        "DATABASE_URL": "postgres://ledger@127.0.0.1:5432/ledger",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "ledger", "60", "True"]
