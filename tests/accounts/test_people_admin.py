"""Who is an editor, who a translator: the users list says."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.models import User
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db


def test_the_users_list_shows_each_persons_groups_and_name(client):
    admin = User.objects.create_superuser("admin@example.org", "pw-for-tests-1")
    edna = User.objects.create_user(
        "edna@example.org", "pw-for-tests-1", is_staff=True, display_name="Edna Editor"
    )
    edna.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name="Translators"))
    User.objects.create_user("reader@example.org", "pw-for-tests-1")
    client.force_login(admin)
    html = client.get("/admin/accounts/user/").text
    row = visible_text(html[html.index("edna@example.org") :].split("</tr>")[0], "en")
    assert "Editors, Translators" in row and "Edna Editor" in row
    admin_row = visible_text(html[html.index("admin@example.org") :].split("</tr>")[0], "en")
    assert "Administrator" in admin_row


def test_the_users_list_costs_the_same_queries_however_many_people(
    client, django_assert_max_num_queries
):
    admin = User.objects.create_superuser("admin@example.org", "pw-for-tests-1")
    editors = Group.objects.get(name="Editors")
    for n in range(30):
        User.objects.create_user(f"e{n}@example.org", "pw-for-tests-1").groups.add(editors)
    client.force_login(admin)
    with django_assert_max_num_queries(8):
        assert client.get("/admin/accounts/user/").status_code == 200


def test_creating_the_first_administrator_asks_for_a_display_name():

    call_command(
        "createsuperuser",
        interactive=False,
        email="ada@example.org",
        display_name="Ada Admin",
        verbosity=0,
    )
    assert User.objects.get(email="ada@example.org").get_short_name() == "Ada Admin"
    assert "display_name" in User.REQUIRED_FIELDS
