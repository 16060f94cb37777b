"""With REDIS_URL set, what one app server caches or keeps in a session any other finds
(docs/deploy.md): the public page's 60 s cache lives in Redis, and a session (cached_db) is
read through Redis and kept in the database, so neither a second server nor a restarted Redis
loses it. Skipped, with the reason, when no Redis answers on 127.0.0.1:6379."""

import pytest
import redis
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.urls import reverse

from approvals.models import Notice
from approvals.public import public_path
from tests.deploy.redis_helpers import REDIS_URL, redis_cache, redis_up
from tests.test_url_scope_matrix import worlds  # noqa: F401

pytestmark = [
    pytest.mark.skipif(not redis_up(), reason="no Redis server on 127.0.0.1:6379"),
    pytest.mark.django_db,
]


@pytest.fixture
def shared(settings):
    """The settings of an app server with REDIS_URL set; the test's keys removed after."""
    settings.REDIS_URL = REDIS_URL
    settings.CACHES = redis_cache(REDIS_URL)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    server = redis.Redis.from_url(REDIS_URL)
    yield {"prefix": prefix, "redis": server}
    keys = server.keys(f"{prefix}:*")
    if keys:
        server.delete(*keys)


def another_server(prefix: str) -> RedisCache:
    """The cache as a second app server's process builds it from the same settings."""
    return RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})


def test_the_public_page_cached_by_one_server_is_served_by_another(shared, worlds):  # noqa: F811
    notice = worlds["baojia"].notice
    first = Client()
    assert "公示栏" in first.get(public_path(notice)).content.decode()
    # the page is in Redis, where a second server's cache finds it
    cached = shared["redis"].keys(f"{shared['prefix']}:1:views.decorators.cache.cache_page.*")
    assert cached
    assert any(another_server(shared["prefix"]).get(k.decode().split(":", 2)[2]) for k in cached)
    # a second server (no state of its own: its cache handler built afresh) serves the cached
    # page for its 60 s, not the changed row
    Notice.objects.filter(pk=notice.pk).update(places="村务公开栏")
    caches.close_all()
    second = Client()
    assert "公示栏" in second.get(public_path(notice)).content.decode()


def test_a_session_is_found_through_redis_and_survives_a_redis_flush(shared, personas):
    client = Client()
    client.force_login(personas["carl"])
    key = client.cookies["sessionid"].value
    assert client.get(reverse("home")).status_code == 200
    # written through: the database row and the Redis entry
    assert Session.objects.filter(session_key=key).exists()
    assert shared["redis"].keys(f"{shared['prefix']}:1:django.contrib.sessions.cached_db*{key}")
    # another server with the row gone from the database still finds the session in Redis
    Session.objects.filter(session_key=key).delete()
    assert client.get(reverse("home")).status_code == 200
    # and with Redis emptied (restarted) the database has it again: no one is logged out
    client = Client()
    client.force_login(personas["carl"])
    key = client.cookies["sessionid"].value
    keys = shared["redis"].keys(f"{shared['prefix']}:*")
    shared["redis"].delete(*keys)
    response = client.get(reverse("home"))
    assert response.status_code == 200 and response.wsgi_request.user == personas["carl"]
