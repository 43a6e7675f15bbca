"""Nobody can flood an address with mail through the sign-up and password-reset forms,
and the answer never shows that a limit was reached (nor whether the address has an
account)."""

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from accounts.throttles import MAILS_PER_ADDRESS, MAILS_PER_CLIENT
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

SENT = {"sign-up": "/en/accounts/sign-up/sent/", "reset": "/en/accounts/password-reset/sent/"}


@pytest.fixture(autouse=True)
def behind_a_proxy(settings):
    settings.PROXY_COUNT = 1


def request_mail(client, form, email, address="203.0.113.1"):
    if form == "sign-up":
        path = "/en/accounts/sign-up/"
        data = {"email": email, "preferred_language": "en", "password1": PASSWORD,
                "password2": PASSWORD}  # fmt: skip
    else:
        path = "/en/accounts/password-reset/"
        data = {"email": email}
    response = client.post(path, data, headers={"x-forwarded-for": address})
    assert response.status_code == 302
    assert response.url == SENT[form]  # the same answer, under the limit or over it
    return response


@pytest.mark.parametrize("form", ["sign-up", "reset"])
def test_many_requests_for_one_address_send_only_a_few_mails(client, form):
    User.objects.create_user("reader@example.org", PASSWORD)
    for n in range(10):
        request_mail(client, form, "Reader@example.org", address=f"203.0.113.{n}")
    assert len(mail.outbox) == MAILS_PER_ADDRESS == 3
    assert {message.to[0] for message in mail.outbox} == {"reader@example.org"}


def test_many_sign_ups_for_a_new_address_send_only_a_few_mails(client):
    for n in range(10):
        request_mail(client, "sign-up", "new@example.org", address=f"203.0.113.{n}")
    assert len(mail.outbox) == MAILS_PER_ADDRESS
    assert User.objects.count() == 1


def test_both_forms_share_the_limit_of_an_address(client):
    User.objects.create_user("reader@example.org", PASSWORD)
    for n in range(5):
        request_mail(client, "sign-up", "reader@example.org", address=f"203.0.113.{n}")
        request_mail(client, "reset", "reader@example.org", address=f"198.51.100.{n}")
    assert len(mail.outbox) == MAILS_PER_ADDRESS


@pytest.mark.parametrize("form", ["sign-up", "reset"])
def test_one_client_asking_for_mail_to_many_addresses_is_limited(client, form):
    for n in range(MAILS_PER_CLIENT + 5):
        User.objects.create_user(f"reader{n}@example.org", PASSWORD)
        request_mail(client, form, f"reader{n}@example.org")
    assert len(mail.outbox) == MAILS_PER_CLIENT
    request_mail(client, form, "reader0@example.org", address="198.51.100.1")
    assert len(mail.outbox) == MAILS_PER_CLIENT + 1  # another client is not held up


def test_the_limit_lifts_after_an_hour(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    User.objects.create_user("reader@example.org", PASSWORD)
    for n in range(MAILS_PER_ADDRESS + 1):
        request_mail(client, "reset", "reader@example.org", address=f"203.0.113.{n}")
    time_machine.shift(3601)
    request_mail(client, "reset", "reader@example.org", address="198.51.100.1")
    assert len(mail.outbox) == MAILS_PER_ADDRESS + 1
