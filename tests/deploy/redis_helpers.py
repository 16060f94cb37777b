"""Redis for the tests that need one: a server on 127.0.0.1:6379 (the CI machine's); such a
test is skipped, with the reason, when none answers."""

import uuid

import redis

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_up(url: str = REDIS_URL) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def redis_cache(url: str = REDIS_URL, prefix: str | None = None) -> dict:
    """CACHES as pengshui.settings writes them with REDIS_URL set, with a prefix of the test's
    own so that tests running at once do not meet."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix or f"test-{uuid.uuid4().hex}",
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
