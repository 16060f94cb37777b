from django.urls import path

from ledger.views import admins, exports, home, imports, projects, weekly

urlpatterns = [
    path("", home.home, name="home"),
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/print/", exports.form_print, name="project_print"),
    path("projects/<int:pk>/form.xlsx", exports.form_download, name="export_form"),
    path("exports/forms.xlsx", exports.forms_download, name="export_forms"),
    path("exports/monthly/", exports.snapshot_list, name="snapshot_list"),
    path("exports/monthly/<int:pk>/", exports.snapshot_download, name="snapshot_download"),
    path("projects/<int:pk>/documents/", exports.project_documents, name="project_documents"),
    path("documents/<int:pk>/", exports.document_download, name="document_download"),
    path("exports/archive/", exports.archive_page, name="archive"),
    path("exports/archive/catalogue.xlsx", exports.archive_catalogue_download, name="archive_catalogue"),
    path("exports/archive/package.zip", exports.archive_package_download, name="archive_package"),
    path("exports/", exports.exports_page, name="exports"),
    path("exports/ledger.xlsx", exports.ledger_download, name="export_ledger"),
    path("exports/statistics.xlsx", exports.statistics_download, name="export_statistics"),
    path("imports/", imports.import_upload, name="import_upload"),
    path("imports/<int:pk>/", imports.import_batch, name="import_batch"),
    path("imports/<int:pk>/commit/", imports.import_commit_view, name="import_commit"),
    path("pushes/", imports.push_list, name="push_list"),
    path("pushes/waiting/", imports.push_waiting, name="push_waiting"),
    path("weekly/", weekly.weekly_report, name="weekly_report"),
    path("weekly/county/", weekly.weekly_county, name="weekly_county"),
    path("weekly/export/", weekly.weekly_export, name="weekly_export"),
    # 三员分立: the audit administrator's and the security administrator's pages.
    path("audit/", admins.audit_trail, name="audit_trail"),
    path("audit/export.xlsx", admins.audit_export, name="audit_export"),
    path("security/", admins.security_lockouts, name="security_lockouts"),
    path("security/unlock/", admins.security_unlock, name="security_unlock"),
    path("security/password/", admins.security_password, name="security_password"),
]
