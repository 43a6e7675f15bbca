import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError
from django.test import RequestFactory

from accounts.models import User
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_readers_sign_in_with_their_email_in_any_case():
    user = User.objects.create_user("Reader@Example.org", PASSWORD)
    assert user.email == "reader@example.org"
    request = RequestFactory().post("/en/accounts/sign-in/")
    assert authenticate(request, email="READER@example.org", password=PASSWORD) == user
    assert authenticate(request, email="reader@example.org", password="wrong") is None


def test_one_account_per_email_whatever_the_case():
    User.objects.create_user("reader@example.org", PASSWORD)
    with pytest.raises(IntegrityError):
        User.objects.create(email="Reader@example.org")


def test_superuser_is_staff():
    user = User.objects.create_superuser("editor@example.org", PASSWORD)
    assert user.is_staff and user.is_superuser
    assert str(user) == "editor@example.org"
    assert user.get_short_name() == "editor"
