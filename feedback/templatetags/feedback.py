from types import SimpleNamespace

from django import template
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

import pagecache
from articles.models import Article
from feedback.models import HelpfulnessVote

register = template.Library()

# A signed-in reader's answers are kept in the cache for the question on every page they
# read, until they answer again or sign in (forget_answers), or this long (seconds).
KEPT_FOR = 60 * 60


@register.simple_tag(takes_context=True)
def helpfulness_form(context, article):
    """ "Was this article helpful?", showing the reader's answer if they gave one."""
    return pagecache.personal(
        context["request"], "helpfulness", article=article.pk, slug=article.slug
    )


def render_helpfulness_form(request, article, slug):
    """None for a reader without a session, their kept answers for a signed-in reader,
    one query for a reader who answered before signing in."""
    if request.user.is_authenticated:
        vote = kept_answers(request).get(article)
    else:
        vote = HelpfulnessVote.objects.of_request(request).filter(article=article).first()
    # The template wants an article for its address; made only when it is rendered (most
    # readers get a rendering kept for their variant, and a model costs more than it).
    language, pk = get_language(), article
    article = SimpleLazyObject(lambda: Article(pk=pk, **{f"slug_{language}": slug}))
    context = {"article": article, "vote": vote}
    # What the form shows of their answer: which it was, and whether it has a comment.
    variant = (slug, vote and vote.helpful, bool(vote and vote.comment))
    return pagecache.render_fragment("feedback/helpfulness_form.html", context, request, variant)


def answers_key(user_id):
    return f"feedback:answers:{user_id}"


def kept_keys(request):
    """For pagecache.register(kept_for_parts=...): fetched with a stored page."""
    return [answers_key(request.user.pk)] if request.user.is_authenticated else []


def kept_answers(request):
    """{article id: what the form shows of the answer} of the signed-in reader."""

    def answers():
        rows = (
            HelpfulnessVote.objects.of_reader(user=request.user)
            .annotate(commented=~Q(comment=""))
            .values_list("article", "helpful", "commented")
        )
        return {
            article: SimpleNamespace(helpful=helpful, comment=commented)
            for article, helpful, commented in rows
        }

    return pagecache.kept(request, answers_key(request.user.pk), answers, KEPT_FOR)


def forget_answers(user_id):
    """Now, and once committed (a page read in between may have kept the old answers)."""
    key = answers_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def forget_answers_of_vote(instance, **kwargs):
    """Connected to the save and delete of an answer."""
    if instance.user_id is not None:
        forget_answers(instance.user_id)


def forget_answers_on_sign_in(sender, request, user, **kwargs):
    """The answers given before signing in become the account's (an update: no signal)."""
    forget_answers(user.pk)
