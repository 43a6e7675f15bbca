import pytest
from django.urls import reverse
from django.utils import translation

from feedback import models


@pytest.fixture
def vote_url():
    def vote_url(article, language="en"):
        with translation.override(language):
            return reverse("feedback:vote", kwargs={"slug": getattr(article, f"slug_{language}")})

    return vote_url


@pytest.fixture
def rate_limit(monkeypatch):
    """Set how many votes one client may write in the rate-limit window."""

    def rate_limit(votes):
        monkeypatch.setattr(models, "RATE_LIMIT_VOTES", votes)

    return rate_limit
