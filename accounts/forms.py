from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, PasswordChangeForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles.models import Topic

from .emails import send_email
from .models import ReaderProfile, User
from .throttles import may_send_mail


class InterestsField(forms.ModelMultipleChoiceField):
    """Topics to tick, in the alphabetical order of the reader's language."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(queryset=Topic.objects.all(), **kwargs)

    def __deepcopy__(self, memo):
        # Each form gets its copy when it is made: the reader's language is known then.
        result = super().__deepcopy__(memo)
        result.queryset = Topic.objects.order_by(f"name_{get_language()}", "name_en")
        return result


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
    interests = InterestsField(
        required=False,
        label=_("Topics that interest you"),
        help_text=_(
            "Optional. We recommend new articles in these topics. You can change them "
            "at any time in your settings."
        ),
    )

    digest = forms.ChoiceField(
        choices=ReaderProfile.Digest,
        required=False,
        initial=ReaderProfile.Digest.NONE,
        widget=forms.RadioSelect,
        label=ReaderProfile._meta.get_field("digest").verbose_name,
        help_text=ReaderProfile._meta.get_field("digest").help_text,
    )

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


class ReaderProfileForm(forms.ModelForm):
    interests = InterestsField(
        required=False,
        label=_("Topics that interest you"),
        help_text=_("Recommendations favor new articles in these topics."),
    )

    class Meta:
        model = ReaderProfile
        fields = ["show_recommendations", "interests", "digest", "alerts"]
        widgets = {"digest": forms.RadioSelect}


def password_is_right(request, user, password):
    """Check a signed-in reader's password through the sign-in throttle: failures count
    towards the same per-account and per-client locks as sign-in, and while either is on
    even the right password is refused (the lockout page answers, AxesMiddleware)."""
    return authenticate(request, username=user.email, password=password) == user


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_is_right(self.request, self.request.user, password):
            raise forms.ValidationError(_("That is not your password."), code="password_incorrect")
        return password


class ThrottledPasswordChangeForm(PasswordChangeForm):
    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not password_is_right(self.request, self.user, old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class PasswordResetForm(auth_forms.PasswordResetForm):
    def save(self, request=None, **kwargs):
        # Over the limit nothing is sent, and the view answers as it always does.
        if may_send_mail(request, self.cleaned_data["email"]):
            super().save(request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):  # fmt: skip
        # The worker makes the link when it sends the mail (accounts.emails).
        send_email("password_reset", context["user"])
