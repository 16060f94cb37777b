"""What import_national and import_ledger share: run a preview (or commit) and print it
as the preview page shows it."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ledger.imports.engine import (
    ImportRefused,
    Preview,
    RowAction,
    batch_create,
    import_commit,
    import_county,
    import_preview,
)
from ledger.imports.mapping import TARGETS
from ledger.imports.reader import ReadError
from ledger.models import County, User
from ledger.models.imports import ImportMapping
from ledger.uploads import size_refusal


def add_arguments(parser: CommandParser, with_mapping: bool) -> None:
    parser.add_argument("file", help="要导入的 .xlsx、.xls 或 .csv 文件")
    if with_mapping:
        parser.add_argument("--mapping", help="使用已保存的列映射（名称）")
    parser.add_argument("--dry-run", action="store_true", help="只预览，不写入数据库")
    parser.add_argument("--only-good", action="store_true", help="有被拒绝的行时仍导入其余无误的行")
    parser.add_argument("--user", help="记录为导入人的用户名（须为县乡村振兴局用户）")
    parser.add_argument("--county", help="区县代码（默认：导入人所在区县，或 DEFAULT_COUNTY_CODE）")


def print_preview(cmd: BaseCommand, preview: Preview) -> None:
    write = cmd.stdout.write
    write(f"表头位于第{preview.header_row}行（共{preview.header_depth}行）")
    for column in preview.columns:
        target = preview.mapping.get(column.index, "")
        write(f"  {column.label} → {TARGETS.get(target, target)}")
    for problem in preview.mapping_problems:
        write(cmd.style.ERROR(f"映射错误：{problem}"))
    c = preview.counts
    write(
        f"新增 {c[RowAction.ADD]} 行，修改 {c[RowAction.CHANGE]} 行，无变化 {c[RowAction.SAME]} 行，"
        f"拒绝 {c[RowAction.REFUSED]} 行，跳过（非经营性资产）{c[RowAction.SKIPPED]} 行"
    )
    for o in preview.of(RowAction.CHANGE):
        for label, old, new in o.changes:
            write(f"  修改 第{o.row}行 {o.number} {label}：{old} → {new}")
    for o in preview.outcomes:
        for label, old, new in o.differences:
            write(f"  差异（未覆盖） 第{o.row}行 {o.number} {label}：库中 {old}，文件 {new}")
    for o in preview.noted:
        for note in o.notes:
            write(f"  提示 第{o.row}行 {o.number}：{note}")
    for o in preview.of(RowAction.REFUSED):
        for label, reason in o.errors:
            write(cmd.style.WARNING(f"  拒绝 第{o.row}行 {label}：{reason}"))


def run(cmd: BaseCommand, options: dict[str, Any], source: str) -> None:
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"找不到文件：{path}")
    by = None
    if options.get("user"):
        by = User.objects.filter(username=options["user"]).first()
        if by is None:
            raise CommandError(f"找不到用户：{options['user']}")
    county = None
    if options.get("county"):
        county = County.objects.filter(code=options["county"]).first()
        if county is None:
            raise CommandError(f"找不到区县：{options['county']}")
    county = import_county(county, by)
    if by is not None and by.unit is not None and by.unit.county_id != county.pk:
        raise CommandError(f"{options['user']} 不是{county.name}的用户。")
    saved = None
    if options.get("mapping"):
        saved = ImportMapping.objects.filter(county=county, name=options["mapping"]).first()
        if saved is None:
            raise CommandError(f"找不到已保存的列映射：{options['mapping']}")
    refusal = size_refusal(path.stat().st_size)
    if refusal:
        raise CommandError(f"{path.name}：{refusal}")
    data = path.read_bytes()
    try:
        preview = import_preview(data=data, filename=path.name, source=source, saved=saved, county=county)
    except ReadError as e:
        raise CommandError(str(e)) from e
    print_preview(cmd, preview)
    if not preview.importable:
        raise CommandError("没有可以导入的行。")
    if options["dry_run"]:
        cmd.stdout.write("预览完毕（--dry-run），未写入数据库。")
        return
    try:
        batch = batch_create(by=by, source=source, filename=path.name, content=data, preview=preview, county=county)
        import_commit(batch=batch, by=by, only_good=options["only_good"])
    except ImportRefused as e:
        raise CommandError(f"{e}（如只导入无误的行，请加 --only-good）") from e
    except (ValidationError, PermissionError) as e:
        raise CommandError(str(e)) from e
    cmd.stdout.write(cmd.style.SUCCESS(f"已导入：批次 {batch.pk}。"))
