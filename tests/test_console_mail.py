"""In development (`make run`) mail is printed to the console: the reader of the console
must be able to copy the confirmation link from it."""

import io

import pytest
from django.core import mail

from accounts.mail import ConsoleEmailBackend
from tests.accounts.test_sign_up import link_in, sign_up
from tests.test_project import run_django

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_confirmation_mail_prints_its_link_on_one_line(client, language):
    sign_up(client, language=language)
    (message,) = mail.outbox
    link = "http://testserver" + link_in(message)
    # Long enough that quoted-printable would split it over two lines ending in "=".
    assert len(link) > 76
    console = io.StringIO()
    ConsoleEmailBackend(stream=console).send_messages([message])
    printed = console.getvalue()
    assert link in printed.splitlines()
    assert message.subject in printed
    assert "Alguien, probablemente usted" in printed or "Someone, probably you" in printed


def test_debug_prints_mail_with_this_backend():
    result = run_django(
        "from django.conf import settings; print(settings.MAILERS['default']['BACKEND'])",
        DJANGO_DEBUG="1",
    )
    assert result.stdout.strip() == "accounts.mail.ConsoleEmailBackend"
