"""The import page after a commit shows what the commit did (stored on the batch), the same
numbers as the banner, with the list of new projects."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger.models import County, Project
from ledger.models.imports import ImportBatch
from tests.imports.workbooks import SAMPLE


def test_page_after_commit_agrees_with_the_banner(client, personas):
    client.force_login(personas["carl"])
    client.post(
        reverse("import_upload"), {"source": "national", "file": SimpleUploadedFile("s.xlsx", SAMPLE.read_bytes())}
    )
    batch = ImportBatch.objects.get()
    html = client.post(reverse("import_commit", args=[batch.pk]), follow=True).content.decode()
    banner = re.search(r"导入完成：新增(\d+)个，修改(\d+)个，无变化(\d+)个，拒绝(\d+)行，跳过(\d+)行", html)
    assert banner is not None and banner.group(1) == "37"
    added, changed, same = banner.group(1), banner.group(2), banner.group(3)
    assert f"新增 <strong>{added}</strong> 个 · 修改 <strong>{changed}</strong> 个 · 无变化 {same} 个" in html
    assert "导入结果：s.xlsx" in html and 'id="commit-form"' not in html
    added_table = html.split('id="added"')[1].split("</table>")[0]
    projects = Project.objects.all()
    assert added_table.count("<tr><td>") == 37 == projects.count()
    for p in projects:
        assert f'<a href="{reverse("project_detail", args=[p.pk])}">{p.number}</a>' in added_table
    # the page read again, later, says the same
    assert f"新增 <strong>{added}</strong> 个" in client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert batch.result["counts"]["add"] == 37 and len(batch.result["rows"]) >= 37


def test_a_batch_committed_before_results_were_kept_shows_its_counts(client, personas):
    client.force_login(personas["carl"])
    client.post(
        reverse("import_upload"), {"source": "national", "file": SimpleUploadedFile("s.xlsx", SAMPLE.read_bytes())}
    )
    batch = ImportBatch.objects.get()
    client.post(reverse("import_commit", args=[batch.pk]))
    ImportBatch.objects.filter(pk=batch.pk).update(result={})
    html = client.get(reverse("import_batch", args=[batch.pk])).content.decode()
    assert "新增 <strong>37</strong> 个" in html and "未保存逐行结果" in html


def test_an_old_upload_whose_file_cannot_be_read_is_refused_in_chinese(client, personas):
    """An upload kept from before tables were stored is read again; a file that no longer
    reads leads back to the upload page with the reason, never a 500."""
    batch = ImportBatch(county=County.objects.get(code="500243"), source="national", filename="old.xlsx")
    batch.file.save("old.xlsx", SimpleUploadedFile("old.xlsx", b"not a workbook"))
    client.force_login(personas["carl"])
    response = client.get(reverse("import_batch", args=[batch.pk]), follow=True)
    assert response.redirect_chain[-1] == (reverse("import_upload"), 302)
    assert "这次上传的文件已无法读取" in response.content.decode()
    assert ImportBatch.objects.get(pk=batch.pk).table in (None, {}, [])
