"""`manage.py backup` and `manage.py restore`: a backup of a database with every kind of
stored file restores into an empty database and media folder with the same rows and the
same files, and the restore refuses a non-empty target and a tampered archive."""

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from pengshui.backup import referenced_files, row_counts
from tests.test_url_scope_matrix import worlds  # noqa: F401  (every FileField of every model, filled)

pytestmark = pytest.mark.django_db


def media_checksums(media: Path) -> dict[str, str]:
    return {
        str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest() for p in media.rglob("*") if p.is_file()
    }


def only_archive(folder: Path) -> Path:
    (archive,) = folder.glob("pengshui-backup-*.tar")
    return archive


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        raw = tar.extractfile("manifest.json")
        assert raw is not None
        return json.load(raw)


def flush() -> None:
    """Empty the test database as `manage.py flush` does. Inside the test's transaction on
    PostgreSQL the deferred foreign-key checks of the rows just written are still pending,
    and TRUNCATE refuses a table with pending trigger events: check them now, then defer
    them again as Django's constraints are (loaddata relies on it)."""
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def empty_target(media: Path) -> None:
    flush()
    shutil.rmtree(media)


@pytest.fixture
def backed_up(worlds, tmp_path):  # noqa: F811
    media = Path(django_settings.MEDIA_ROOT)
    before = {"counts": row_counts(), "files": media_checksums(media)}
    out = io.StringIO()
    call_command("backup", out=str(tmp_path / "backups"), stdout=out)
    return {"archive": only_archive(tmp_path / "backups"), "media": media, "output": out.getvalue(), **before}


def test_backup_holds_dump_then_files_then_manifest(backed_up):
    with tarfile.open(backed_up["archive"]) as tar:
        names = tar.getnames()
        dump = tar.extractfile("database.jsonl.gz").read()  # type: ignore[union-attr]
    manifest = manifest_of(backed_up["archive"])
    assert names[0] == "database.jsonl.gz" and names[-1] == "manifest.json"
    assert sorted(names[1:-1]) == sorted(f"media/{name}" for name in backed_up["files"])
    assert manifest["database"]["dump_sha256"] == hashlib.sha256(dump).hexdigest()
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["row_counts"] == backed_up["counts"]
    assert manifest["row_counts"]["ledger.project"] == 2
    rows = [json.loads(line) for line in gzip.decompress(dump).decode().splitlines()]
    assert sum(row["model"] == "ledger.project" for row in rows) == 2
    assert not any(row["model"].startswith(("contenttypes.", "sessions.")) for row in rows)
    assert "contenttypes.contenttype" not in manifest["row_counts"]
    assert "0001_initial" in manifest["migrations"]["ledger"]
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == backed_up["files"]
    # every FileField of the world is filled, in both worlds, plus the county's files
    assert len(manifest["files"]) == 2 * 11 + 2  # eleven per world: a job's result, an objection and a survey photo
    assert manifest["missing_files"] == []
    assert "备份已写入" in backed_up["output"]


def test_restore_into_an_emptied_database_gives_back_every_row_and_file(backed_up):
    empty_target(backed_up["media"])
    assert row_counts()["ledger.project"] == 0

    out = io.StringIO()
    call_command("restore", str(backed_up["archive"]), stdout=out)

    assert row_counts() == backed_up["counts"]
    assert media_checksums(backed_up["media"]) == backed_up["files"]
    assert set(referenced_files()) == set(backed_up["files"])
    assert "校验通过" in out.getvalue()
    assert f"{len(backed_up['files'])} 个文件" in out.getvalue()


def test_restore_refuses_a_database_with_users_and_projects(backed_up):
    with pytest.raises(CommandError, match="数据库不为空") as refused:
        call_command("restore", str(backed_up["archive"]))
    assert "projects" in str(refused.value)
    assert row_counts() == backed_up["counts"]


def test_restore_refuses_a_media_folder_with_files(backed_up):
    flush()
    with pytest.raises(CommandError, match="媒体目录不为空"):
        call_command("restore", str(backed_up["archive"]))
    assert row_counts()["ledger.project"] == 0


def test_a_tampered_file_fails_verification(backed_up, tmp_path):
    tampered = tmp_path / "tampered.tar"
    victims: list[str] = []
    with tarfile.open(backed_up["archive"]) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("media/approvals/revitalisationplan/") and not victims:
                data = data[:-8] + b"TAMPERED"  # same size, other bytes
                victims.append(member.name.removeprefix("media/"))
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    empty_target(backed_up["media"])

    err = io.StringIO()
    with pytest.raises(CommandError, match="校验未通过"):
        call_command("restore", str(tampered), stderr=err)
    assert f"checksum mismatch: {victims[0]}" in err.getvalue()
    assert err.getvalue().count("checksum mismatch") == 1


def test_a_missing_file_is_listed_and_the_backup_exits_non_zero(worlds, tmp_path):  # noqa: F811
    media = Path(django_settings.MEDIA_ROOT)
    lost = worlds["hanjia"].document.file.name
    (media / lost).unlink()

    with pytest.raises(CommandError, match="1 referenced file"):
        call_command("backup", out=str(tmp_path / "b"), stdout=io.StringIO(), stderr=io.StringIO())

    manifest = manifest_of(only_archive(tmp_path / "b"))
    assert manifest["missing_files"] == [lost]
    assert {"name": lost, "missing": True} in manifest["files"]
    assert len([f for f in manifest["files"] if "sha256" in f]) == 23  # the rest is written


def test_restore_of_a_non_backup_is_refused(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "x.tar"
    with tarfile.open(archive, "w") as tar:
        tar.addfile(tarfile.TarInfo("hello.txt"), io.BytesIO(b""))
    with pytest.raises(CommandError, match="no manifest"):
        call_command("restore", str(archive))


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_demo_database_restores_into_a_second_sqlite_file(tmp_path):
    """End to end, as an operator would: seed a demo on one SQLite file, back it up, restore
    it with a second SQLite file and a second media folder, compare."""
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base.update(DJANGO_SECRET_KEY="insecure-test-key", DJANGO_DEBUG="false")
    source = {**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}", "MEDIA_ROOT": str(tmp_path / "ma")}
    target = {**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'b.sqlite3'}", "MEDIA_ROOT": str(tmp_path / "mb")}

    for step in (("migrate", "--noinput", "-v0"), ("seed_demo", "--projects", "6", "--force-demo", "--quiet-accounts")):
        done = manage(*step, env=source)
        assert done.returncode == 0, done.stderr
    done = manage("backup", "--out", str(tmp_path / "backups"), env=source)
    assert done.returncode == 0, done.stderr
    archive = only_archive(tmp_path / "backups")

    done = manage("restore", str(archive), env=target)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "校验通过" in done.stdout
    manifest = manifest_of(archive)
    assert manifest["row_counts"]["ledger.project"] >= 6
    assert manifest["row_counts"]["approvals.application"] > 0
    assert len(manifest["files"]) > 0
    assert manifest["row_counts"]["ledger.user"] > 0
    assert media_checksums(tmp_path / "mb") == media_checksums(tmp_path / "ma")
    assert media_checksums(tmp_path / "mb") == {f["name"]: f["sha256"] for f in manifest["files"]}

    again = manage("restore", str(archive), env=target)
    assert again.returncode == 1
    assert "数据库不为空" in again.stderr
