from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from pagecache import for_readers

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = admin.site.site_title = settings.NEWSROOM_SITE_NAME
# The article list's columns (workflow, translation, review, preview, helpfulness) need
# the width the navigation sidebar would take; the home page and breadcrumbs lead anywhere.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", for_readers(sitemap, query=["p"]), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/language/", views.admin_language, name="admin-language"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("articles.urls")),
    path("", include("accounts.urls")),
    path("", include("recommendations.urls")),
    path("", include("feedback.urls")),
    path("", include("digests.urls")),
)
