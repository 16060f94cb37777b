"""The public pages (no log-in), under their own prefix /gs/ (公示): only what a printed
公告 shows (D107)."""

from django.urls import path

from approvals.views import public

app_name = "public"

urlpatterns = [
    path("<str:token>/", public.notice_page, name="notice"),
]
