from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article

from .forms import VoteForm
from .models import (
    RATE_LIMIT_WINDOW,
    VOTER_SESSION_KEY,
    HelpfulnessVote,
    client_fingerprint,
    reader_identity,
)


def move_votes_on_sign_in(sender, request, user, **kwargs):
    """Connected to `user_logged_in`: what the reader answered before signing in is kept."""
    session = getattr(request, "session", None)
    voter = session.pop(VOTER_SESSION_KEY, None) if session is not None else None
    if voter:
        HelpfulnessVote.objects.move_to_account(voter, user)


@require_POST
def vote(request, slug):
    language = get_language()
    article = get_object_or_404(
        Article.objects.published().in_language(language), **{f"slug_{language}": slug}
    )
    form = VoteForm(request.POST)
    if not form.is_valid():
        return answer(
            request,
            article,
            HelpfulnessVote.objects.of_request(request).filter(article=article).first(),
            status=400,
            error=form.error_message(),
            comment_error="comment" in form.errors,
            comment=request.POST.get("comment", ""),
        )
    helpful = form.cleaned_data["helpful"]
    # A comment says what was missing: it belongs to a No, and a No without one keeps
    # the comment sent earlier.
    comment = "" if helpful else form.cleaned_data["comment"]
    replied = "commented" if comment else "voted"
    if form.is_spam:
        pretend = HelpfulnessVote(article=article, helpful=helpful, comment=comment)
        return answer(request, article, pretend, replied=replied)

    client = client_fingerprint(request.client_ip)
    defaults = {"helpful": helpful, "language": language, "client": client}
    if helpful or comment:
        defaults["comment"] = comment
    with transaction.atomic():
        if HelpfulnessVote.objects.too_many_from(client):
            response = answer(
                request,
                article,
                HelpfulnessVote.objects.of_request(request).filter(article=article).first(),
                status=429,
                error=_(
                    "Many answers have come from your network in the last few minutes. "
                    "Please try again later."
                ),
            )
            response["Retry-After"] = int(RATE_LIMIT_WINDOW.total_seconds())
            return response
        identity = reader_identity(request, create=True)
        vote, _created = HelpfulnessVote.objects.update_or_create(
            article=article, **identity, defaults=defaults
        )
    return answer(request, article, vote, replied=replied)


def answer(request, article, vote, *, status=200, replied=None, error="", **context):
    """The feedback panel for a script, or the article (or a page saying what went wrong)."""
    context |= {"article": article, "vote": vote, "replied": replied, "error": error}
    if request.headers.get("X-Requested-With") == "fetch":
        return render(request, "feedback/helpfulness_form.html#panel", context, status=status)
    if not error:
        return redirect(f"{article.get_absolute_url()}#feedback")
    # This address has no version in the other language to switch to.
    context["alternates"] = []
    return render(request, "feedback/vote_failed.html", context, status=status)
