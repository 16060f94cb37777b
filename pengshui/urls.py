from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

admin.site.site_header = "彭水自治县经营性帮扶产业项目“四个一批”管理系统"
admin.site.site_title = "“四个一批”管理系统"

urlpatterns = [
    path("healthz", lambda request: HttpResponse("ok"), name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("approvals/", include("approvals.urls")),
    path("", include("ledger.urls")),
]
