"""`manage.py restore ARCHIVE`: into an empty database and media folder, then verify."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengshui.backup import BackupRefused, restore_archive


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and media folder, and verify every file and count."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="a pengshui-backup-*.tar written by `manage.py backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"找不到备份文件 / no such archive: {archive}")
        try:
            result = restore_archive(archive=archive)
        except BackupRefused as refusal:
            raise CommandError(f"拒绝恢复 / restore refused: {refusal}") from None
        when = result.manifest["created_at"]
        self.stdout.write(
            f"已恢复 {result.rows} 行、{result.files} 个文件（备份于 {when}）/ "
            f"restored {result.rows} rows and {result.files} files (backed up {when})"
        )
        if result.problems:
            for problem in result.problems:
                self.stderr.write(f"  {problem}")
            n = len(result.problems)
            raise CommandError(f"恢复后校验未通过：{n} 处问题 / verification failed: {n} problem(s)")
        self.stdout.write(
            "校验通过：每个文件和每张表的行数都与清单一致 / verified: every file and row count matches the manifest"
        )
