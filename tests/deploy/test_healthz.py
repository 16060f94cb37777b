"""/healthz for nginx and monitoring: 200 when the database (and Redis, when configured)
answers, 503 otherwise; open without log-in, and nothing of the system in the answer."""

import pytest
from django.db import OperationalError

from tests.deploy.redis_helpers import redis_cache, redis_up


def test_healthy_answers_ok_without_a_session(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert "sessionid" not in response.cookies and "no-cache" in response["Cache-Control"]


def test_a_database_that_does_not_answer_is_503(client, db, monkeypatch, caplog):
    class Refused:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("pengshui.views.connections", {"default": Refused()})
    response = client.get("/healthz")
    assert response.status_code == 503 and response.content == b"unavailable"
    assert "the database does not answer" in caplog.text


def test_redis_configured_but_down_is_503(client, db, settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CACHES = redis_cache("redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503 and response.content == b"unavailable"
    assert "Redis does not answer" in caplog.text


@pytest.mark.skipif(not redis_up(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_configured_and_up_is_200(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.CACHES = redis_cache(settings.REDIS_URL)
    assert client.get("/healthz").status_code == 200
