from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = AuthenticationForm.error_messages | {
        "invalid_login": _(
            "That email address and password do not match an account. Check both and try again."
        ),
    }


class SignUpForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "display_name", "preferred_language"]
        labels = {"email": _("Email address")}
        help_texts = {"display_name": _("Optional. How we greet you.")}

    # Whether the address already has an account must not show in the answer: the
    # view emails that address instead (accounts.views.start_sign_up).
    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass


class SettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]
        help_texts = {"display_name": _("Optional. How we greet you.")}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="password_incorrect")
        return password
