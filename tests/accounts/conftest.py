import pytest

from accounts.models import User
from tests.helpers import PASSWORD


@pytest.fixture
def reader(client):
    """A reader signed in with `client`; their password is PASSWORD."""
    user = User.objects.create_user("reader@example.org", PASSWORD)
    client.force_login(user)
    return user
