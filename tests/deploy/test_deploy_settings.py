"""The settings of a deployment on several machines (docs/deploy.md), read afresh in a child
process with only the environment given: the object store, Redis, the replica. No network is
needed: the S3 storage object is built and its options read, nothing is sent."""

import json
import os
import subprocess
import sys

from django.conf import settings

# Prints what the environment decided, as JSON.
PROBE = """
import json
import django
from django.conf import settings
django.setup()
from django.core.files.storage import default_storage, storages
storage = storages["default"]
out = {
    "storage": type(storage).__module__ + "." + type(storage).__name__,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "session_engine": settings.SESSION_ENGINE,
    "axes_handler": settings.AXES_HANDLER,
    "databases": sorted(settings.DATABASES),
    "read_replica": settings.READ_REPLICA,
    "replica_host": settings.DATABASES.get("replica", {}).get("HOST"),
    "backup_files": settings.BACKUP_FILES,
    "queue_broker": "redis" if "redis" in settings.Q_CLUSTER else "orm",
}
if out["storage"] == "storages.backends.s3.S3Storage":
    client = storage.connection.meta.client
    out.update(
        bucket=storage.bucket_name,
        endpoint=storage.endpoint_url,
        client_endpoint=client.meta.endpoint_url,
        region=storage.region_name,
        access_key=storage.access_key,
        custom_domain=storage.custom_domain,
        querystring_auth=storage.querystring_auth,
        location=storage.location,
        file_overwrite=storage.file_overwrite,
        addressing_style=storage.addressing_style,
    )
print(json.dumps(out))
"""


def probe(**env: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "pengshui.settings",
            "DJANGO_SECRET_KEY": "a-long-random-production-key",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_one_machine_keeps_files_on_disk_sessions_in_the_database_and_cache_in_memory():
    found = probe()
    assert found["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["session_engine"] == "django.contrib.sessions.backends.db"
    assert found["databases"] == ["default"] and found["read_replica"] == ""
    assert found["backup_files"] is True and found["queue_broker"] == "orm"
    # lockouts are rows in the database on one machine or many
    assert found["axes_handler"] == "axes.handlers.database.AxesDatabaseHandler"


def test_a_bucket_puts_the_stored_files_on_the_object_store_with_its_options():
    found = probe(
        STORAGE_S3_BUCKET="pengshui-files",
        STORAGE_S3_ENDPOINT_URL="https://obs.cq-gov.example:9000",
        STORAGE_S3_REGION="cn-southwest-2",
        STORAGE_S3_ACCESS_KEY="AKEXAMPLE",
        STORAGE_S3_SECRET_KEY="secret-example",
        STORAGE_S3_PREFIX="/county/",
        STORAGE_S3_CUSTOM_DOMAIN="none",
        STORAGE_S3_QUERYSTRING_AUTH="true",
        STORAGE_S3_ADDRESSING_STYLE="path",
    )
    assert found["storage"] == "storages.backends.s3.S3Storage"
    assert found["bucket"] == "pengshui-files" and found["location"] == "county"
    assert found["endpoint"] == found["client_endpoint"] == "https://obs.cq-gov.example:9000"
    assert found["region"] == "cn-southwest-2" and found["access_key"] == "AKEXAMPLE"
    assert found["custom_domain"] is None and found["querystring_auth"] is True
    assert found["file_overwrite"] is False and found["addressing_style"] == "path"
    # the bucket keeps the files (its versioning): the backup holds the database
    assert found["backup_files"] is False


def test_a_custom_domain_and_plain_urls_are_passed_on():
    found = probe(
        STORAGE_S3_BUCKET="b", STORAGE_S3_CUSTOM_DOMAIN="files.pengshui.gov.cn", STORAGE_S3_QUERYSTRING_AUTH="false"
    )
    assert found["custom_domain"] == "files.pengshui.gov.cn" and found["querystring_auth"] is False
    assert probe(STORAGE_S3_BUCKET="b", BACKUP_FILES="true")["backup_files"] is True


def test_redis_shares_the_cache_the_sessions_and_the_queue():
    found = probe(REDIS_URL="redis://127.0.0.1:6379/3")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["cache_location"] == "redis://127.0.0.1:6379/3"
    assert found["session_engine"] == "django.contrib.sessions.backends.cached_db"
    assert found["queue_broker"] == "redis"


def test_a_replica_url_adds_the_replica_alias_and_turns_the_router_to_it():
    found = probe(
        DATABASE_URL="postgres://app@db-primary:5432/pengshui",
        DATABASE_REPLICA_URL="postgres://app@db-replica:5432/pengshui",
    )
    assert found["databases"] == ["default", "replica"] and found["read_replica"] == "replica"
    assert found["replica_host"] == "db-replica"
