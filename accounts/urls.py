from django.urls import include, path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "accounts"

account_patterns = [
    path("", views.account, name="account"),
    path(pgettext_lazy("URL", "sign-in/"), views.SignInView.as_view(), name="sign-in"),
    path(pgettext_lazy("URL", "sign-out/"), views.sign_out, name="sign-out"),
    path(pgettext_lazy("URL", "sign-up/"), views.sign_up, name="sign-up"),
    path(pgettext_lazy("URL", "sign-up/sent/"), views.sign_up_done, name="sign-up-done"),
    path(pgettext_lazy("URL", "confirm/<str:token>/"), views.activate, name="activate"),
    path(pgettext_lazy("URL", "favorites/"), views.favorite_list, name="favorites"),
    path(pgettext_lazy("URL", "delete/"), views.delete_account, name="delete"),
    path(pgettext_lazy("URL", "password/"), views.password_change, name="password-change"),
    path(
        pgettext_lazy("URL", "password/changed/"),
        views.password_change_done,
        name="password-change-done",
    ),
    path(pgettext_lazy("URL", "password-reset/"), views.password_reset, name="password-reset"),
    path(
        pgettext_lazy("URL", "password-reset/sent/"),
        views.password_reset_done,
        name="password-reset-done",
    ),
    path(
        pgettext_lazy("URL", "password-reset/<uidb64>/<token>/"),
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path(
        pgettext_lazy("URL", "password-reset/done/"),
        views.password_reset_complete,
        name="password-reset-complete",
    ),
]

urlpatterns = [
    path(pgettext_lazy("URL", "accounts/"), include(account_patterns)),
    path(pgettext_lazy("URL", "news/<slug:slug>/favorite/"), views.favorite, name="favorite"),
]
