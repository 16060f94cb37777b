"""`manage.py check_classes`: the projects whose class (in force or proposed) no longer
passes the classification test are listed with their unit and the reason; nothing changes."""

from io import StringIO

from django.core.management import call_command

from ledger.models import Project


def run() -> list[str]:
    out = StringIO()
    call_command("check_classes", stdout=out)
    return out.getvalue().splitlines()


def test_it_lists_each_failing_class_with_project_unit_class_and_why(make_project, places):
    make_project()  # a sound 巩固
    # a 巩固 decided before the five conditions were recorded
    old = make_project(consolidate_chain=False, consolidate_risk=False)
    # a proposed 盘活 on assets still in use, the class in force (巩固) no longer fitting either
    halted = make_project(
        production_status="halted",
        reason_funds=True,
        proposed_classification="revitalise",
        classification="consolidate",
    )
    # a 盘活 in force without the support it needs stated
    unsupported = make_project(
        production_status="halted", use_state="idle", reason_funds=True, classification="revitalise"
    )
    Project.objects.filter(pk=unsupported.pk).update(revitalise_support="")
    before = list(Project.objects.order_by("pk").values())
    lines = run()
    assert lines[-1] == "共4项分类不再符合分类标准。"
    rows = [line.split("\t") for line in lines[:-1]]
    assert all(len(r) == 5 for r in rows)
    by_project = {}
    for number, name, unit, cls, why in rows:
        assert unit == places["village_unit"].name and name == "鹿山社区中药材种植基地项目"
        by_project.setdefault(number, []).append((cls, why))
    assert by_project[old.number] == [
        ("生效：巩固", "认定为“巩固”须五项条件全部具备（三），尚未勾选：产业链条完备、防范化解风险机制健全。")
    ]
    assert by_project[halted.number] == [
        ("生效：巩固", "认定为“巩固”须项目生产经营正常。"),
        ("拟认定：盘活", "认定为“盘活”须资金、资产闲置（五），使用现状应为“闲置”。"),
    ]
    assert by_project[unsupported.number] == [
        ("生效：盘活", "认定为“盘活”须写明给予哪些资金和政策支持后可以盘活（五）：请填写盘活所需资金和政策支持。")
    ]
    assert list(Project.objects.order_by("pk").values()) == before  # nothing changed


def test_a_ledger_class_pending_its_conditions_is_not_listed(make_project):
    project = make_project(**dict.fromkeys(["consolidate_momentum", "consolidate_sales"], False))
    Project.objects.filter(pk=project.pk).update(class_conditions_pending=True)
    assert run() == ["所有项目的分类均符合分类标准。"]
    # pending, but refused for a fact the ledger did record: listed
    Project.objects.filter(pk=project.pk).update(use_state="idle")
    assert run()[0].endswith("认定为“巩固”须资产在用，使用现状不能为“闲置”。")


def test_an_exited_project_is_not_listed(make_project):
    import datetime as dt

    project = make_project(consolidate_chain=False)
    assert len(run()) == 2
    Project.objects.filter(pk=project.pk).update(exited_on=dt.date(2026, 11, 1))
    assert run() == ["所有项目的分类均符合分类标准。"]
