"""The application as filed: each filing freezes a copy of the form (facts, places and
units by id and name, the proposed class and measures, the documents); a return and a
new filing make a new copy and keep the older; opinions belong to the copy they were
given on."""

from approvals import services
from approvals.choices import DocumentKind
from approvals.models import ApplicationCopy
from approvals.paper import copy_opinions, project_as_filed
from tests.approvals.conftest import file_app, pdf, png


def test_filing_freezes_the_form_as_it_stands(level_project, personas, places):
    project = level_project("village", "upgrade")
    alice = personas["alice"]
    alice.last_name, alice.first_name = "李", "娟"
    alice.save()
    app = services.application_create(by=alice, project=project)
    services.document_add(by=alice, application=app, kind=DocumentKind.SURVEY_REPORT, title="调研报告", file=pdf())
    services.application_file(by=alice, application=app)

    copy = ApplicationCopy.objects.get(application=app)
    data = copy.data
    assert copy.number == 1 and copy.filed_by == alice
    assert data["fields"]["name"] == project.name
    assert data["fields"]["fund1_municipal"] == "100000.50"  # money as a string, exact
    assert data["places"]["township"] == {"id": places["baojia"].pk, "name": "保家镇"}
    assert data["places"]["village"]["name"] == places["baojia_village"].name
    assert data["places"]["managing_unit"]["name"] == places["village_unit"].name
    assert data["classification"] == "upgrade" and data["classification_label"] == "提升"
    assert data["measures"] == "补齐加工短板"
    [doc] = data["documents"]
    assert doc["kind"] == "survey_report" and doc["title"] == "调研报告" and doc["uploaded_by"] == "李娟"
    assert doc["file"].startswith("approvals/document/") and doc["uploaded_at"]


def test_the_copy_rebuilds_the_project_as_filed_after_renames(level_project, personas, places):
    project = level_project("village", "upgrade")
    app = services.application_create(by=personas["alice"], project=project)
    file_app(by=personas["alice"], application=app)
    places["baojia"].name = "保家新镇"
    places["baojia"].save()
    type(project).objects.filter(pk=project.pk).update(classification="consolidate", measures="改过的措施")

    filed = project_as_filed(app.copies.get())
    assert filed.township.name == "保家镇"
    assert filed.classification == "upgrade" and filed.measures == "补齐加工短板"
    assert str(filed.fund1_municipal) == "100000.50"
    assert filed.pk is not None and filed._state.adding  # never saved


def test_returned_and_filed_again_makes_a_new_copy_and_keeps_the_older(level_project, personas):
    project = level_project("village", "upgrade")
    alice, vera = personas["alice"], personas["vera"]
    app = services.application_create(by=alice, project=project)
    file_app(by=alice, application=app)
    services.application_return(by=vera, application=app, reason="措施不具体")
    services.application_update(by=alice, application=app, classification="upgrade", measures="新建冷库，补齐加工短板")
    file_app(by=alice, application=app)
    services.application_agree(by=vera, application=app, text="同意报送", seal=png())

    first, second = app.copies.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.data["measures"] == "补齐加工短板"
    assert second.data["measures"] == "新建冷库，补齐加工短板"
    assert [o.text for o in copy_opinions(first)] == ["措施不具体"]
    assert [o.text for o in copy_opinions(second)] == ["同意报送"]
