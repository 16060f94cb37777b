"""The admin: superusers correct projects under the same rules; users' roles fit their units."""

from django.forms.models import model_to_dict

from ledger.choices import Role
from ledger.models import Project, User


def admin_post_data(project, **overrides):
    data = model_to_dict(project, exclude=["id", "created_by", "created_at", "updated_at"])
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data = {k: v for k, v in data.items() if v is not False}  # unticked check boxes are not sent
    data.update(overrides)
    return data


def test_superuser_changes_a_project_and_history_records_him(client, personas, make_project):
    project = make_project()
    client.force_login(personas["admin"])
    url = f"/admin/ledger/project/{project.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, admin_post_data(project, name="更正后的名称"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.name == "更正后的名称"
    latest = project.history.first()
    assert latest.history_user == personas["admin"] and latest.history_change_reason == "系统管理员修改"


def test_admin_refuses_a_class_the_facts_do_not_allow(client, personas, make_project):
    project = make_project()
    client.force_login(personas["admin"])
    response = client.post(
        f"/admin/ledger/project/{project.pk}/change/",
        admin_post_data(project, proposed_classification="rebuild", name="X"),
    )
    assert response.status_code == 200
    assert "认定为“重建”须至少具备一项重建类缺陷" in response.content.decode()
    project.refresh_from_db()
    assert project.classification == "consolidate" and project.name != "X"


def test_admin_never_changes_the_class_in_force(client, personas, make_project):
    project = make_project()
    client.force_login(personas["admin"])
    url = f"/admin/ledger/project/{project.pk}/change/"
    response = client.post(url, admin_post_data(project, classification="upgrade", measures="改了", name="更正"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.classification, project.measures) == ("更正", "consolidate", "完善利益联结机制")
    assert "已生效的分类只能通过新一轮分类申请变更" in client.get(url).content.decode()


def test_admin_refuses_missing_reasons(client, personas, make_project):
    project = make_project()
    client.force_login(personas["admin"])
    response = client.post(
        f"/admin/ledger/project/{project.pk}/change/",
        admin_post_data(project, production_status="halted", classification=""),
    )
    assert "“停产闲置”须至少选择一项原因。" in response.content.decode()
    project.refresh_from_db()
    assert project.production_status == "normal"


def test_projects_are_never_added_or_deleted_in_the_admin(client, personas, make_project):
    project = make_project()
    client.force_login(personas["admin"])
    assert client.get("/admin/ledger/project/add/").status_code == 403
    assert client.post(f"/admin/ledger/project/{project.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_staff_who_is_not_superuser_cannot_change_projects(client, personas, make_project):
    from django.contrib.auth.models import Permission

    project = make_project()
    carl = personas["carl"]
    carl.is_staff = True
    carl.save()
    carl.user_permissions.add(*Permission.objects.filter(codename__in=["view_project", "change_project"]))
    client.force_login(carl)
    response = client.post(f"/admin/ledger/project/{project.pk}/change/", admin_post_data(project, name="改"))
    project.refresh_from_db()
    assert project.name != "改"
    assert response.status_code in (200, 403)


def test_user_admin_refuses_a_role_that_does_not_fit_the_unit(client, personas, places):
    vera = personas["vera"]
    client.force_login(personas["admin"])
    data = {
        "username": "vera",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "unit": places["village_unit"].pk,
        "role": Role.TOWNSHIP,
        "phone": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
    }
    response = client.post(f"/admin/ledger/user/{vera.pk}/change/", data)
    assert response.status_code == 200
    assert "与单位" in response.content.decode() and "的类别不符" in response.content.decode()
    vera.refresh_from_db()
    assert vera.role == Role.VILLAGE


def test_user_admin_accepts_a_fitting_role(client, personas, places):
    vera = personas["vera"]
    client.force_login(personas["admin"])
    data = {
        "username": "vera",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "unit": places["baojia_unit"].pk,
        "role": Role.TOWNSHIP,
        "phone": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
    }
    response = client.post(f"/admin/ledger/user/{vera.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    vera.refresh_from_db()
    assert vera.role == Role.TOWNSHIP and vera.unit == places["baojia_unit"]


def test_user_admin_add_form_checks_role_and_unit(client, personas, places):
    client.force_login(personas["admin"])
    response = client.post(
        "/admin/ledger/user/add/",
        {
            "username": "newbie",
            "password1": "Xk2-long-pass-9",
            "password2": "Xk2-long-pass-9",
            "usable_password": "true",
            "unit": places["agri"].pk,
            "role": Role.VILLAGE,
            "phone": "",
        },
    )
    assert response.status_code == 200
    assert "的类别不符" in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_admin_records_the_conditions_of_consolidation_under_the_same_test(client, personas, make_project):
    project = make_project()
    client.force_login(personas["admin"])
    url = f"/admin/ledger/project/{project.pk}/change/"
    data = admin_post_data(project)
    del data["consolidate_risk"]  # an unticked box is not sent
    response = client.post(url, data)
    assert response.status_code == 200
    assert "认定为“巩固”须五项条件全部具备（三），尚未勾选：防范化解风险机制健全。" in response.content.decode()
    project.refresh_from_db()
    assert project.consolidate_risk
    data.update(upgrade_low_value_added="on", upgrade_single_marketing="on", proposed_classification="upgrade")
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert not project.consolidate_risk and project.proposed_classification == "upgrade"
