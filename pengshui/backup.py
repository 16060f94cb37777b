"""Backup and restore of the whole system: the database and the files it references.

One archive (`pengshui-backup-YYYYMMDD-HHMMSS.tar`) holds, in this order:

1. `database.jsonl.gz` — `dumpdata --natural-foreign --natural-primary` of every table but
   the ones Django rebuilds itself (content types, permissions, sessions), written inside
   one read transaction so it is a snapshot: on PostgreSQL a REPEATABLE READ, READ ONLY
   transaction; on SQLite one transaction (BEGIN IMMEDIATE in the default settings: the
   dump holds the write lock, so writers wait and none lands half in it). See D75.
2. `media/<name>` — every file a FileField of any model refers to (the names are read in
   the same transaction), read through the storage API (D123) and streamed in chunks so
   memory stays flat. With the files on an S3-compatible object store (STORAGE_S3_BUCKET),
   the archive holds the database only (BACKUP_FILES defaults to false there): the bucket
   keeps the files, with its own versioning and replication (docs/deploy.md, "Backups"), and
   the manifest lists every referenced name, marked `in_storage`, so that a restore checks
   each one is in the bucket.
3. `manifest.json` — when, versions, database vendor, applied migrations per app, row
   counts per model, each file's name, size and SHA-256 (or that it is missing on disk), and
   the dump's SHA-256.

`restore_archive` puts it back into an empty database and an empty storage (the media
folder, or whatever the default storage is) and verifies every file and every count against
the manifest. The commands `backup` and
`restore` are thin wrappers; the README ("Running in production") says how to schedule them.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import platform
import shutil
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

# Rebuilt by `migrate` itself (content types, permissions) or worthless after a restore
# (sessions). Everything else, history and log-in records included, is kept.
EXCLUDED = ("contenttypes", "auth.permission", "sessions")
# Left out when installed: the queue's waiting messages (a restored system must not replay
# jobs queued before the backup; their results and the schedules are kept).
EXCLUDED_IF_INSTALLED = ("django_q.ormq",)
# JSON Lines: loaddata reads it one object at a time, so a restore's memory stays flat.
DUMP_NAME = "database.jsonl.gz"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
FORMAT = 1


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    missing: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    files: int = 0
    rows: int = 0


class BackupRefused(Exception):
    """Restore will not run: the target is not empty or the archive is not a backup."""


# ---- what there is to back up ----------------------------------------------------------


def excluded() -> list[str]:
    optional = [label for label in EXCLUDED_IF_INSTALLED if apps.is_installed(label.split(".")[0])]
    return [*EXCLUDED, *optional]


def counted_models() -> list[type[models.Model]]:
    """The models whose rows the dump holds (many-to-many tables included), by label."""
    found = []
    left_out = excluded()
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if model._meta.app_label in left_out or label in left_out:
            continue
        if not model._meta.managed and not model._meta.auto_created:
            continue
        found.append(model)
    return sorted(found, key=lambda m: m._meta.label_lower)


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.using(using).count() for m in counted_models()}


def referenced_files(using: str = DEFAULT_DB_ALIAS) -> dict[str, Storage]:
    """Every file name any FileField of any model holds (history rows included), with the
    storage it lives in."""
    names: dict[str, Storage] = {}
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if isinstance(f, models.FileField):
                values = model._base_manager.using(using).exclude(**{f.attname: ""}).exclude(**{f.attname: None})
                for name in values.values_list(f.attname, flat=True).distinct().iterator():
                    names.setdefault(name, f.storage)
    return dict(sorted(names.items()))


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def app_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def safe_member_name(name: str) -> str:
    """The archive path of a stored file; refuses names that would leave the media folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupRefused(f"不安全的文件名 / unsafe file name: {name!r}")
    return MEDIA_PREFIX + str(path)


class _HashingReader:
    """Reads a file for tarfile while hashing what passes through (one pass, one chunk)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha.update(data)
        return data


def sha256_of(fileobj: IO[bytes]) -> str:
    sha = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        sha.update(chunk)
    return sha.hexdigest()


# ---- backup ------------------------------------------------------------------------------


def _snapshot(using: str, *, outermost: bool) -> None:
    """Make the open transaction a snapshot; called first thing inside atomic(). Inside an
    enclosing transaction (a test's) the isolation is that transaction's and cannot change."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and outermost:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        else:
            cursor.execute("SELECT count(*) FROM django_migrations")


def write_backup(*, out_dir: Path, using: str = DEFAULT_DB_ALIAS, now: datetime | None = None) -> BackupResult:
    """Write one dated archive into out_dir. Files referenced but missing on disk are listed
    in the manifest (and in the result) and the rest is written all the same."""
    now = now or datetime.now(UTC)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / f"pengshui-backup-{now:%Y%m%d-%H%M%S}.tar"
    partial = final.with_name(final.name + ".partial")
    connection = connections[using]
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".backup-") as work:
        dump_path = Path(work) / DUMP_NAME
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):
            _snapshot(using, outermost=outermost)
            with gzip.open(dump_path, "wt", encoding="utf-8") as dump:
                call_command(
                    "dumpdata",
                    natural_foreign=True,
                    natural_primary=True,
                    exclude=excluded(),
                    database=using,
                    format="jsonl",
                    stdout=dump,
                )
            counts = row_counts(using)
            files = referenced_files(using)
            migrations = applied_migrations(using)
        with open(dump_path, "rb") as f:
            dump_sha = sha256_of(f)

        entries: list[dict[str, Any]] = []
        missing: list[str] = []
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            tar.add(dump_path, arcname=DUMP_NAME)
            for name, storage in files.items():
                member = safe_member_name(name)
                if not settings.BACKUP_FILES:
                    # The object store keeps the file (its versioning and replication).
                    entries.append({"name": name, "in_storage": True})
                    continue
                if not storage.exists(name):
                    missing.append(name)
                    entries.append({"name": name, "missing": True})
                    continue
                with storage.open(name, "rb") as raw:
                    info = tarfile.TarInfo(member)
                    info.size = storage.size(name)
                    info.mtime = int(now.timestamp())
                    reader = _HashingReader(raw)
                    tar.addfile(info, reader)
                entries.append({"name": name, "size": info.size, "sha256": reader.sha.hexdigest()})
            manifest = {
                "format": FORMAT,
                "created_at": now.isoformat(),
                "versions": {
                    "app": app_version(),
                    "django": django.get_version(),
                    "python": platform.python_version(),
                },
                "database": {"vendor": connection.vendor, "dump": DUMP_NAME, "dump_sha256": dump_sha},
                "migrations": migrations,
                "row_counts": counts,
                "files": entries,
                "missing_files": missing,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size = len(data)
            info.mtime = int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
    os.replace(partial, final)
    return BackupResult(path=final, manifest=manifest, missing=missing)


# ---- restore -----------------------------------------------------------------------------


def target_problems(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Why the target is not empty (users, projects, media files); an empty list if it is."""
    from ledger.models import Project, User

    problems = []
    tables = connections[using].introspection.table_names()
    for model, what in ((User, "用户 users"), (Project, "项目 projects")):
        if model._meta.db_table in tables and model._base_manager.using(using).exists():
            problems.append(f"数据库不为空：已有{what} / the database is not empty: it has {what.split()[1]}")
    if storage_holds_files(default_storage):
        where = getattr(default_storage, "location", "") or type(default_storage).__name__
        problems.append(f"媒体目录不为空 / the media folder is not empty: {where}")
    return problems


def storage_holds_files(storage: Storage) -> bool:
    """Whether the storage has anything at its top (a missing media folder holds nothing)."""
    try:
        folders, files = storage.listdir("")
    except FileNotFoundError:
        return False
    return bool(folders or files)


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        raw = tar.extractfile(MANIFEST_NAME)
    except KeyError:
        raw = None
    if raw is None:
        raise BackupRefused("归档中没有清单 / the archive has no manifest.json: not a backup")
    manifest: dict[str, Any] = json.load(raw)
    if manifest.get("format") != FORMAT:
        raise BackupRefused(f"不认识的备份格式 / unknown backup format: {manifest.get('format')!r}")
    return manifest


def _newer_migrations(manifest: dict[str, Any], using: str) -> list[str]:
    """Migrations the backup's database had that this code does not know."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(connections[using], ignore_no_migrations=True).disk_migrations)
    applied = [(app, name) for app, names in manifest["migrations"].items() for name in names]
    return [f"{app}.{name}" for app, name in applied if (app, name) not in known]


def restore_archive(*, archive: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Restore into an empty database and storage, then verify it all; the problems found
    are in the result (an empty list means the restore is complete and checked). Files kept
    by the object store (`in_storage`) are only checked to be there."""
    with tarfile.open(archive, "r:") as tar:
        files_in_archive = any(not e.get("in_storage") for e in _read_manifest(tar)["files"])
    problems = target_problems(using)
    if not files_in_archive:  # the files stay where they are: the bucket is not emptied first
        problems = [p for p in problems if not p.startswith("媒体目录不为空")]
    if problems:
        raise BackupRefused("；".join(problems))
    with tarfile.open(archive, "r:") as tar:
        manifest = _read_manifest(tar)
        newer = _newer_migrations(manifest, using)
        if newer:
            raise BackupRefused(
                "备份来自更新的程序版本，请先升级程序 / the backup comes from newer code, upgrade first: "
                + ", ".join(newer[:5])
            )
        result = RestoreResult(manifest=manifest)
        storage = default_storage
        with tempfile.TemporaryDirectory(prefix="pengshui-restore-") as work:
            dump_path = Path(work) / DUMP_NAME
            _extract_to(tar, DUMP_NAME, dump_path)
            with open(dump_path, "rb") as f:
                if sha256_of(f) != manifest["database"]["dump_sha256"]:
                    raise BackupRefused("数据库转储的校验和不符 / the database dump's checksum does not match")
            call_command("migrate", database=using, interactive=False, verbosity=0)
            # The data migrations (places and units) and post_migrate (content types,
            # permissions) have filled some tables; the dump holds the real rows.
            call_command("flush", database=using, interactive=False, verbosity=0)
            call_command("loaddata", str(dump_path), database=using, verbosity=0)

        for entry in manifest["files"]:
            name = entry["name"]
            if entry.get("missing"):
                result.problems.append(f"备份时已缺失 / missing when backed up: {name}")
                continue
            if entry.get("in_storage"):
                continue  # checked below with every referenced file
            member = safe_member_name(name)
            try:
                raw = tar.extractfile(member)
            except KeyError:
                raw = None
            if raw is None:
                result.problems.append(f"归档中缺少文件 / file absent from the archive: {name}")
                continue
            with raw:
                content = File(raw, name=name)
                content.size = entry["size"]
                saved = storage.save(name, content)
            if saved != name:
                result.problems.append(f"文件名被存储改变 / the storage renamed {name} to {saved}")
                continue
            with storage.open(name, "rb") as f:
                digest = sha256_of(f)
            if digest != entry["sha256"] or storage.size(name) != entry["size"]:
                result.problems.append(f"文件校验和不符 / checksum mismatch: {name}")
            else:
                result.files += 1

    for name, file_storage in referenced_files(using).items():
        if not file_storage.exists(name):
            result.problems.append(f"引用的文件不存在 / referenced file not present: {name}")
    counts = row_counts(using)
    for label, expected in manifest["row_counts"].items():
        actual = counts.get(label)
        if actual != expected:
            result.problems.append(f"行数不符 / row count differs: {label} 备份 {expected}，恢复 {actual}")
    result.rows = sum(counts.values())
    return result


def _extract_to(tar: tarfile.TarFile, member: str, target: Path) -> None:
    raw = tar.extractfile(member)
    if raw is None:
        raise KeyError(member)
    with raw, open(target, "wb") as f:
        shutil.copyfileobj(raw, f, CHUNK)
