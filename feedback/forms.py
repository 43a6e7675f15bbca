from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_LENGTH, mask_contact_details


class CommentField(forms.CharField):
    def to_python(self, value):
        # Browsers count a line break as one character against the textarea's maxlength
        # but send it as two (\r\n): count it as the reader saw it.
        return super().to_python(value).replace("\r\n", "\n")


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda answer: answer == "yes",
        error_messages={
            "required": _("Please answer Yes or No."),
            "invalid_choice": _("Please answer Yes or No."),
        },
    )
    comment = CommentField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        error_messages={
            "max_length": _(
                "Please shorten your comment to 1,000 characters or fewer (it has %(show_value)d)."
            )
        },
    )
    # Hidden from people; form-filling robots fill it in.
    website = forms.CharField(required=False)

    def clean_comment(self):
        return mask_contact_details(self.cleaned_data["comment"])

    @property
    def is_spam(self):
        return bool(self.cleaned_data["website"])

    def error_message(self):
        return " ".join(message for errors in self.errors.values() for message in errors)
