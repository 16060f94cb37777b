"""Counties as tenants (D113): the County model, and the county of every division, unit,
project, monthly version, import mapping and batch and audit event. Every row already here
belongs to Pengshui (500243), which this migration creates; a new database gets Pengshui
alone. Project numbers (全县唯一) and unit codes become unique per county."""

import django.db.models.deletion
from django.db import migrations, models

PENGSHUI = {
    "code": "500243",
    "name": "彭水苗族土家族自治县",
    "short_name": "彭水自治县",
    "abbr": "彭水",
    "plan_title": (
        "中共彭水苗族土家族自治县委农村工作暨实施乡村振兴战略领导小组巩固拓展脱贫攻坚成果工作专班办公室"
        "关于进一步做好经营性帮扶产业项目“四个一批”的实施方案"
    ),
    "plan_number": "彭巩固专办发〔2023〕3号",
}
FILLED = [
    "Division",
    "Unit",
    "Project",
    "HistoricalProject",
    "MonthlySnapshot",
    "ImportMapping",
    "ImportBatch",
    "AuditEvent",
]


def add_pengshui(apps, schema_editor):
    County = apps.get_model("ledger", "County")
    pengshui, _ = County.objects.get_or_create(code=PENGSHUI["code"], defaults=PENGSHUI)
    for name in FILLED:
        apps.get_model("ledger", name).objects.filter(county__isnull=True).update(county=pengshui)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now, so that the columns can be altered in this transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0020_job_status_expired"),
    ]

    operations = [
        migrations.CreateModel(
            name="County",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=6, unique=True, verbose_name="区县代码")),
                ("name", models.CharField(max_length=64, verbose_name="名称")),
                (
                    "short_name",
                    models.CharField(help_text="标题中的写法，如“彭水自治县”", max_length=32, verbose_name="简称"),
                ),
                ("abbr", models.CharField(help_text="导航栏的写法，如“彭水”", max_length=8, verbose_name="简写")),
                (
                    "plan_title",
                    models.CharField(blank=True, help_text="不含书名号", max_length=300, verbose_name="实施方案标题"),
                ),
                ("plan_number", models.CharField(blank=True, max_length=64, verbose_name="实施方案文号")),
            ],
            options={
                "verbose_name": "区县",
                "verbose_name_plural": "区县",
                "ordering": ["code"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="monthlysnapshot",
            name="snapshot_unique_county",
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="number",
            field=models.CharField(
                help_text="全国防返贫监测系统中的项目编号，全县唯一", max_length=64, verbose_name="项目编号"
            ),
        ),
        migrations.AlterField(
            model_name="importmapping",
            name="name",
            field=models.CharField(max_length=64, verbose_name="映射名称"),
        ),
        migrations.AlterField(
            model_name="project",
            name="number",
            field=models.CharField(
                help_text="全国防返贫监测系统中的项目编号，全县唯一", max_length=64, verbose_name="项目编号"
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="code",
            field=models.CharField(max_length=32, verbose_name="单位代码"),
        ),
        migrations.AlterField(
            model_name="unit",
            name="kind",
            field=models.CharField(
                choices=[
                    ("township", "乡镇(街道)"),
                    ("village", "村(居)委会"),
                    ("department", "行业部门"),
                    ("bureau", "县乡村振兴局"),
                    ("office", "县领导小组办公室"),
                    ("review", "监督部门"),
                    ("municipal", "市级"),
                ],
                max_length=16,
                verbose_name="单位类别",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("village", "村(居)委会"),
                    ("township", "乡镇(街道)"),
                    ("department", "行业部门"),
                    ("bureau", "县乡村振兴局"),
                    ("office", "县领导小组办公室"),
                    ("reviewer", "审阅(财政/审计/纪检监察)"),
                    ("admin", "系统管理员"),
                    ("security", "安全管理员"),
                    ("auditor", "审计管理员"),
                    ("municipal", "市级"),
                ],
                max_length=16,
                verbose_name="角色",
            ),
        ),
        migrations.AddConstraint(
            model_name="county",
            constraint=models.CheckConstraint(
                condition=models.Q(("code__regex", "^[0-9]{6}$")), name="county_code_six_digits"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="county",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AddField(
            model_name="division",
            name="county",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="divisions",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="county",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="county",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AddField(
            model_name="importmapping",
            name="county",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AddField(
            model_name="monthlysnapshot",
            name="county",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="county",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="projects",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="county",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="units",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.RunPython(add_pengshui, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="division",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="divisions",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="ledger.county", verbose_name="区县"
            ),
        ),
        migrations.AlterField(
            model_name="importmapping",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="ledger.county", verbose_name="区县"
            ),
        ),
        migrations.AlterField(
            model_name="monthlysnapshot",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="ledger.county", verbose_name="区县"
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="county",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="projects",
                to="ledger.county",
                verbose_name="区县",
            ),
        ),
        migrations.AddConstraint(
            model_name="importmapping",
            constraint=models.UniqueConstraint(fields=("county", "name"), name="import_mapping_name_per_county"),
        ),
        migrations.AddConstraint(
            model_name="monthlysnapshot",
            constraint=models.UniqueConstraint(
                condition=models.Q(("replaced_at__isnull", True), ("unit__isnull", True)),
                fields=("county", "month", "kind"),
                name="snapshot_unique_county",
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.UniqueConstraint(fields=("county", "number"), name="project_number_unique_per_county"),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("county__isnull", True), ("kind", "municipal")),
                    models.Q(models.Q(("kind", "municipal"), _negated=True), ("county__isnull", False)),
                    _connector="OR",
                ),
                name="unit_county_unless_municipal",
            ),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(fields=("county", "code"), name="unit_code_unique_per_county"),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("county__isnull", True)), fields=("code",), name="unit_code_unique_municipal"
            ),
        ),
    ]
