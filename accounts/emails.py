"""The accounts app's mails: a confirmation link, "you already have an account", a new
password. Each is a task run by the background worker (accounts/mail.py).

The page passes only the account's id, its language and what the link must carry: the
task renders the mail, and makes its link's token, when it runs. So no link that signs
someone in is ever stored in the task table (which staff can read), a link made on a
retry an hour later is as fresh as the first, and the mail is in the language of the
page the reader asked from.
"""

from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language

from accounts.mail import absolute_url, send_or_retry

from .models import User
from .tokens import ACTIVATION_SALT, confirmation_token


def send_email(name, user, **data):
    """Have the worker send the mail `accounts/email/<name>.txt` to `user`, in the language
    of the page being answered. `data` (JSON) is what the mail's link carries."""
    send_account_email.enqueue(name, user.pk, get_language(), data)


def activation_context(user, next="", favorite=""):
    token = signing.dumps(
        {
            "user": user.pk,
            "token": confirmation_token.make_token(user),
            "next": next,
            "favorite": favorite,
        },
        salt=ACTIVATION_SALT,
    )
    return {"activation_url": absolute_url(reverse("accounts:activate", args=[token]))}


def already_registered_context(user):
    return {
        "sign_in_url": absolute_url(reverse("accounts:sign-in")),
        "reset_url": absolute_url(reverse("accounts:password-reset")),
    }


def password_reset_context(user):
    link = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return {"reset_url": absolute_url(link)}


CONTEXTS = {
    "activation": activation_context,
    "already_registered": already_registered_context,
    "password_reset": password_reset_context,
}


@task()
def send_account_email(name, user_id, language, data, attempt=1):
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return "not sent: the account was deleted"
    with translation.override(language):
        context = CONTEXTS[name](user, **data) | {"user": user, "site_url": absolute_url("/")}
        subject = render_to_string(f"accounts/email/{name}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{name}.txt", context)
    message = EmailMessage(subject, body, to=[user.email])
    if send_or_retry(send_account_email, message, name, user_id, language, data, attempt=attempt):
        return "sent"
    return "not sent; tried again later"
