from django.urls import path

from ledger.views import home, imports, projects, weekly

urlpatterns = [
    path("", home.home, name="home"),
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("imports/", imports.import_upload, name="import_upload"),
    path("imports/<int:pk>/", imports.import_batch, name="import_batch"),
    path("imports/<int:pk>/commit/", imports.import_commit_view, name="import_commit"),
    path("pushes/", imports.push_list, name="push_list"),
    path("pushes/waiting/", imports.push_waiting, name="push_waiting"),
    path("weekly/", weekly.weekly_report, name="weekly_report"),
    path("weekly/county/", weekly.weekly_county, name="weekly_county"),
    path("weekly/export/", weekly.weekly_export, name="weekly_export"),
]
