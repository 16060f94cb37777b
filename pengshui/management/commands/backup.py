"""`manage.py backup [--out DIR]`: one dated archive of the database and its files."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengshui.backup import write_backup


class Command(BaseCommand):
    help = "Write a consistent backup (database dump, referenced files, manifest) into one dated archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default="backups", help="folder for the archive (default: ./backups)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = write_backup(out_dir=Path(options["out"]))
        files = result.manifest["files"]
        kept = sum(1 for f in files if f.get("in_storage"))  # left in the object store (BACKUP_FILES off)
        rows = sum(result.manifest["row_counts"].values())
        self.stdout.write(
            f"备份已写入 / backup written: {result.path}\n"
            f"  {rows} 行 rows, {len(files) - len(result.missing) - kept} 个文件 files"
            + (f"; {kept} 个文件留在对象存储中（由其版本控制保存）/ files left in the object store" if kept else "")
        )
        if result.missing:
            for name in result.missing:
                self.stderr.write(f"  缺失 / missing: {name}")
            raise CommandError(
                f"{len(result.missing)} 个被引用的文件在磁盘上不存在，已记入清单 / "
                f"{len(result.missing)} referenced file(s) missing on disk, listed in the manifest"
            )
