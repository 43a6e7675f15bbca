from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "digests"

urlpatterns = [
    path(pgettext_lazy("URL", "digest/stop/<str:token>/"), views.unsubscribe, name="unsubscribe"),
    path(pgettext_lazy("URL", "alerts/stop/<str:token>/"), views.stop_alerts, name="stop-alerts"),
]
