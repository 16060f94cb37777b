"""Upload → preview → (mapping) → commit through the pages, as the county bureau (carl)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger.models import Project
from ledger.models.imports import ImportBatch, ImportMapping, ProjectPush
from tests.conftest import PASSWORD
from tests.imports.workbooks import SAMPLE, xlsx


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


def upload(client, data, name="sample.xlsx", source="national"):
    return client.post(reverse("import_upload"), {"source": source, "file": SimpleUploadedFile(name, data)})


def test_carl_uploads_previews_and_commits(client, personas):
    login(client, personas["carl"])
    response = upload(client, SAMPLE.read_bytes())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("import_batch", args=[batch.pk])
    page = client.get(response.url)
    html = page.content.decode()
    assert "新增 <strong>37</strong> 个" in html and "非经营性资产（公益性资产）" in html
    assert Project.objects.count() == 0  # the preview writes nothing
    done = client.post(reverse("import_commit", args=[batch.pk]), follow=True)
    assert "导入完成：新增37个" in done.content.decode()
    assert Project.objects.count() == 37 and ProjectPush.objects.count() == 37
    assert Project.history.filter(history_user=personas["carl"]).count() == 37
    again = client.post(reverse("import_commit", args=[batch.pk]), follow=True)
    assert "已导入，不能重复导入" in again.content.decode() and Project.objects.count() == 37


def test_refused_rows_commit_nothing_unless_only_good(client, personas):
    login(client, personas["carl"])
    data = xlsx(
        [
            ["项目编号", "项目名称", "乡镇", "年度", "责任人", "联系电话"],
            ["A", "甲", "火星镇", 2020, "张", "13900000000"],
            ["B", "乙", "保家镇", 2020, "张", "13900000000"],
        ]
    )
    upload(client, data, "bad.xlsx")
    batch = ImportBatch.objects.get()
    page = client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "<td>2</td><td>A</td><td>乡镇</td><td>未知的乡镇(街道)“火星镇”</td>" in page
    refused = client.post(reverse("import_commit", args=[batch.pk]), follow=True).content.decode()
    assert "未导入任何数据" in refused and Project.objects.count() == 0
    client.post(reverse("import_commit", args=[batch.pk]), {"only_good": "1"})
    assert list(Project.objects.values_list("number", flat=True)) == ["B"]


def test_user_confirms_mapping_once_and_it_is_saved(client, personas):
    login(client, personas["carl"])
    head = ["编码", "名字", "乡镇", "年度", "责任人", "联系电话"]
    upload(client, xlsx([head, ["Z1", "甲", "保家镇", 2020, "张", "13900000000"]]), "a.xlsx")
    batch = ImportBatch.objects.get()
    assert "必须指定“项目编号”对应的列" in client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    post = {
        "col_0": "number",
        "col_1": "name",
        "col_2": "township",
        "col_3": "year",
        "col_4": "responsible_person",
        "col_5": "responsible_phone",
        "mapping_name": "某导出格式",
    }
    client.post(reverse("import_batch", args=[batch.pk]), post)
    assert ImportMapping.objects.get().name == "某导出格式"
    upload(client, xlsx([head, ["Z2", "乙", "保家镇", 2021, "李", "13900000001"]]), "b.xlsx")
    second = ImportBatch.objects.order_by("-pk").first()
    assert second.mapping.name == "某导出格式" and second.added == 1


def test_other_roles_cannot_import(client, personas):
    for name in ("alice", "dora", "rita"):
        login(client, personas[name])
        assert client.get(reverse("import_upload")).status_code == 403


def test_unit_sees_and_confirms_its_pushed_projects(client, personas):
    login(client, personas["carl"])
    upload(client, SAMPLE.read_bytes())
    client.post(reverse("import_commit", args=[ImportBatch.objects.get().pk]))
    login(client, personas["bob"])  # 汉葭街道
    page = client.get(reverse("push_waiting")).content.decode()
    assert "50024320210003" in page and "50024320230001" not in page
    project = Project.objects.get(number="50024320210003")
    client.post(reverse("push_waiting"), {"project": project.pk})
    assert ProjectPush.objects.get(project=project).surveyed_by == personas["bob"]
    other = Project.objects.get(number="50024320230001")  # 走马乡: not bob's
    assert client.post(reverse("push_waiting"), {"project": other.pk}).status_code == 404


def test_bureau_hands_pushed_projects_to_a_department(client, personas, places):
    login(client, personas["carl"])
    upload(client, SAMPLE.read_bytes())
    client.post(reverse("import_commit", args=[ImportBatch.objects.get().pk]))
    push = ProjectPush.objects.get(project__number="50024320210003")
    client.post(reverse("push_list"), {"push": [push.pk], "unit": places["forestry"].pk})
    push.refresh_from_db()
    assert push.unit == places["forestry"] and push.project.managing_unit == places["forestry"]
    assert push.project.managing_level == "department"


def test_a_file_of_unfamiliar_headers_is_mapped_and_its_counts_follow_the_mapping(client, personas):
    login(client, personas["carl"])
    data = xlsx(
        [
            ["资产明细"],
            ["资产码", "资产名", "归属镇", "建成年", "负责人", "手机"],
            ["Z1", "甲", "保家镇", 2020, "张", "13900000000"],
            ["Z2", "乙", "火星镇", 2020, "李", "13900000001"],
        ]
    )
    upload(client, data, "u.xlsx")
    batch = ImportBatch.objects.get()
    html = client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "表头在第2行" in html and "必须指定“项目编号”对应的列" in html and batch.added == 0
    post = {
        "col_0": "number",
        "col_1": "name",
        "col_2": "township",
        "col_3": "year",
        "col_4": "responsible_person",
        "col_5": "responsible_phone",
    }
    client.post(reverse("import_batch", args=[batch.pk]), post)
    batch.refresh_from_db()
    assert (batch.added, batch.refused) == (1, 1)
    upload_list = client.get(reverse("import_upload")).content.decode()
    assert "u.xlsx" in upload_list
    assert Project.objects.count() == 0
