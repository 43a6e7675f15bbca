from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "feedback"

urlpatterns = [
    path(pgettext_lazy("URL", "news/<slug:slug>/feedback/"), views.vote, name="vote"),
]
