from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import User

# The groups the migrations create, named in the admin's language.
GROUP_NAMES = {"Editors": _("Editors"), "Translators": _("Translators")}


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["email", "display_name", "groups_column", "preferred_language", "joined"]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active", "preferred_language"]
    search_fields = ["email", "display_name"]
    ordering = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Reader"), {"fields": ["display_name", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined", "confirmed_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(Prefetch("groups"))

    # Who is an editor, who a translator: what the admin lets each person do.
    @admin.display(description=_("role"))
    def groups_column(self, user):
        roles = [str(GROUP_NAMES.get(group.name, group.name)) for group in user.groups.all()]
        if user.is_superuser:
            roles.insert(0, gettext("Administrator"))
        return ", ".join(roles) or "—"

    @admin.display(description=_("joined"), ordering="date_joined")
    def joined(self, user):
        return date_format(timezone.localtime(user.date_joined), "DATE_FORMAT")
