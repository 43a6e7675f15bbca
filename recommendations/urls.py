from django.urls import include, path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "recommendations"

# Among the reader's account pages (/en/accounts/recommendations/), as before the app
# had its own: the paths readers and links know did not change.
urlpatterns = [
    path(
        pgettext_lazy("URL", "accounts/"),
        include(
            [
                path(
                    pgettext_lazy("URL", "recommendations/"),
                    views.recommendation_list,
                    name="list",
                ),
                path(
                    pgettext_lazy("URL", "recommendations/about/"),
                    views.recommendations_about,
                    name="about",
                ),
            ]
        ),
    ),
]
