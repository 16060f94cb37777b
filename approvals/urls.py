from django.urls import path

from approvals.views import applications as a
from approvals.views import files, inbox, meetings, notices, paper

app_name = "approvals"

urlpatterns = [
    path("", inbox.inbox_view, name="inbox"),
    path("timetable/", inbox.timetable, name="timetable"),
    path("projects/<int:project_pk>/apply/", a.application_start, name="start"),
    path("<int:pk>/", a.application_view, name="detail"),
    path("<int:pk>/print/", paper.application_print, name="print"),
    path("<int:pk>/print.pdf", paper.application_pdf, name="print_pdf"),
    path("<int:pk>/form.xlsx", paper.application_form_xlsx, name="form_xlsx"),
    path("<int:pk>/update/", a.update, name="update"),
    path("<int:pk>/file/", a.file, name="file"),
    path("<int:pk>/file-record/", a.file_record, name="file_record"),
    path("<int:pk>/record/", a.record, name="record"),
    path("<int:pk>/agree/", a.agree, name="agree"),
    path("<int:pk>/return/", a.send_back, name="return"),
    path("<int:pk>/withdraw/", a.withdraw, name="withdraw"),
    path("<int:pk>/documents/", a.document, name="document"),
    path("<int:pk>/revitalisation-plan/", a.revitalisation_plan, name="revitalisation_plan"),
    path("<int:pk>/joint-review/", a.joint_review, name="joint_review"),
    path("<int:pk>/progress/", a.progress, name="progress"),
    path("<int:pk>/complete/", a.complete, name="complete"),
    path("<int:pk>/evaluate/", a.evaluate, name="evaluate"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", meetings.meeting_view, name="meeting"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/decide/", meetings.county_decide, name="decide"),
    path("meetings/<int:pk>/letter/<int:unit_pk>/", meetings.decision_letter, name="letter"),
    path("notices/", notices.notice_list, name="notices"),
    path("notices/<int:pk>/", notices.notice_view, name="notice"),
    path("notices/<int:pk>/print/", notices.notice_print, name="notice_print"),
    path("notices/<int:pk>/postings/", notices.posting_add, name="posting_add"),
    path("notices/<int:pk>/objections/", notices.objection_add, name="objection_add"),
    path("notices/<int:pk>/close/", notices.notice_close, name="notice_close"),
    path("objections/<int:pk>/resolve/", notices.objection_resolve, name="objection_resolve"),
    path("files/<str:kind>/<int:pk>/", files.download, name="file_download"),
]
