"""One vote per reader and article, across signing in and deleting an account."""

import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from accounts.models import User
from feedback.models import HelpfulnessVote
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return User.objects.create_user("reader@example.org", PASSWORD)


def vote(article, helpful, **identity):
    return HelpfulnessVote.objects.create(
        article=article, helpful=helpful, language="en", client="c", **identity
    )


def test_the_database_allows_one_vote_per_account_and_article(make_article, reader):
    article = make_article()
    vote(article, True, user=reader)
    with pytest.raises(IntegrityError):
        vote(article, False, user=reader)


def test_the_database_allows_one_vote_per_browser_and_article(make_article):
    article = make_article()
    voter = uuid.uuid4()
    vote(article, True, voter=voter)
    with pytest.raises(IntegrityError):
        vote(article, False, voter=voter)


def test_a_vote_belongs_to_an_account_or_a_browser_not_both(make_article, reader):
    with pytest.raises(IntegrityError):
        vote(make_article(), True, user=reader, voter=uuid.uuid4())


def test_signing_in_moves_the_browsers_votes_to_the_account(client, make_article, vote_url, reader):
    first, second = make_article(), make_article()
    client.post(vote_url(first), {"helpful": "yes"})
    client.post(vote_url(second), {"helpful": "no", "comment": "No dose."})
    client.force_login(reader)
    assert sorted(reader.helpfulness_votes.values_list("helpful", "comment")) == [
        (False, "No dose."),
        (True, ""),
    ]
    assert not HelpfulnessVote.objects.filter(voter__isnull=False).exists()
    page = client.get(f"/en/news/{first.slug_en}/").text
    assert 'value="yes" aria-pressed="true"' in page


def test_signing_in_keeps_the_newer_of_two_votes_on_one_article(
    client, make_article, vote_url, reader
):
    older_in_account, newer_in_account = make_article(), make_article()
    vote(older_in_account, True, user=reader)
    HelpfulnessVote.objects.update(updated_at=timezone.now() - timedelta(days=1))
    client.post(vote_url(older_in_account), {"helpful": "no"})
    client.post(vote_url(newer_in_account), {"helpful": "no"})
    vote(newer_in_account, True, user=reader)

    client.force_login(reader)

    assert HelpfulnessVote.objects.count() == 2
    assert dict(reader.helpfulness_votes.values_list("article", "helpful")) == {
        older_in_account.pk: False,
        newer_in_account.pk: True,
    }


def test_signing_in_leaves_other_readers_votes_alone(client, make_article, vote_url, reader):
    article = make_article()
    Client().post(vote_url(article), {"helpful": "yes"})
    client.post(vote_url(article), {"helpful": "no"})
    client.force_login(reader)
    assert HelpfulnessVote.objects.count() == 2
    assert HelpfulnessVote.objects.filter(user=None, helpful=True).count() == 1


def test_voting_after_signing_in_changes_the_moved_vote(client, make_article, vote_url, reader):
    article = make_article()
    client.post(vote_url(article), {"helpful": "yes"})
    client.force_login(reader)
    client.post(vote_url(article), {"helpful": "no"})
    assert list(HelpfulnessVote.objects.values_list("user", "helpful")) == [(reader.pk, False)]


def test_deleting_an_account_keeps_its_votes_without_a_name(client, make_article, vote_url, reader):
    article = make_article()
    client.force_login(reader)
    client.post(vote_url(article), {"helpful": "no", "comment": "Too short."})
    reader.delete()
    vote = HelpfulnessVote.objects.get()
    assert (vote.user, vote.voter, vote.helpful, vote.comment) == (None, None, False, "Too short.")
    assert HelpfulnessVote.objects.filter(article=article).summary()["no"] == 1


def test_a_signed_out_reader_starts_afresh(client, make_article, vote_url, reader):
    article = make_article()
    client.force_login(reader)
    client.post(vote_url(article), {"helpful": "yes"})
    client.logout()
    page = client.get(f"/en/news/{article.slug_en}/").text
    assert 'aria-pressed="true"' not in page
