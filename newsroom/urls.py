from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = admin.site.site_title = "Newsroom"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("articles.urls")),
    path("", include("accounts.urls")),
    path("", include("feedback.urls")),
)
