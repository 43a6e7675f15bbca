"""The digest mail: what is new for one reader since their last one, in their language.

Built by the worker (accounts/mail.py): its recommendations, with the reasons the site
gives, among articles published since the period before; the other new articles in the
topics they follow; the corrections and updates to articles they saved; never an article
they saved or answered "Was this article helpful?" about. No digest is sent when there is
nothing new.
"""

import dataclasses
import re
from collections import Counter

from django.conf import settings
from django.core import mail, signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Case, Exists, OuterRef, When
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from accounts.mail import absolute_url, send_or_retry
from accounts.models import Favorite, ReaderProfile
from articles.models import Article, has_page_in
from feedback.models import HelpfulnessVote
from recommendations.engine import recommendations_for

from .models import Digest, notes_for

RECOMMENDATIONS = 5
NEW_IN_TOPICS = 10

UNSUBSCRIBE_SALT = "digests.unsubscribe"


def unsubscribe_url(user):
    token = signing.dumps({"user": user.pk}, salt=UNSUBSCRIBE_SALT)
    return absolute_url(reverse("digests:unsubscribe", args=[token]))


def recommended(user, language, since):
    recommendations = recommendations_for(user, language, RECOMMENDATIONS, since=since) or []
    return [dataclasses.replace(rec, url=absolute_url(rec.url)) for rec in recommendations]


def new_in_topics(user, language, since, shown):
    """The newest articles since `since` in the topics the reader follows, each once."""
    topics = ReaderProfile.interests.through.objects.filter(readerprofile__user=user)
    articles = (
        Article.objects.published()
        .filter(
            # Not what the reader saved or answered about: they have read it.
            ~Exists(Favorite.objects.filter(user=user, article=OuterRef("pk"))),
            ~Exists(HelpfulnessVote.objects.filter(user=user, article=OuterRef("pk"))),
            published_at__gte=since,
            topics__in=topics.values("topic"),
        )
        .exclude(pk__in=shown)
        .annotate(in_language=Case(When(has_page_in(Article, language), then=True), default=False))
        .distinct()
        .order_by("-published_at", "-pk")[:NEW_IN_TOPICS]
    )
    for article in articles:
        shown_in = language if article.in_language else settings.LANGUAGE_CODE
        article.absolute_url = absolute_url(article.url_in(shown_in))
    return articles


def shown_in(notes, language):
    """`notes` (with their articles) with what a mail needs to show each in `language`:
    whether the article has a page in it, the note's text in it if there is one, and the
    link to the note on the page the reader can read."""
    for note in notes:
        note.in_language = language in note.article.languages
        note.text_in_language = getattr(note, f"text_{language}")
        page = note.article.url_in(language if note.in_language else settings.LANGUAGE_CODE)
        note.absolute_url = absolute_url(f"{page}#note-{note.pk}")
    return notes


def digest_message(digest):
    """The mail of `digest`, or None when nothing is new for its reader."""
    user = digest.user
    language = user.preferred_language
    with translation.override(language):
        recommendations = recommended(user, language, digest.since)
        for rec in recommendations:
            rec.why = reason_text(rec)
        shown = [rec.article.pk for rec in recommendations]
        articles = list(new_in_topics(user, language, digest.since, shown))
        notes = notes_for(user.pk, digest.since, timezone.now()).select_related("article")
        notes = shown_in(list(notes), language)
        if not recommendations and not articles and not notes:
            return None
        context = {
            "user": user,
            "digest": digest,
            "recommendations": recommendations,
            "articles": articles,
            "notes": notes,
            "site_url": absolute_url(reverse("home")),
            "settings_url": absolute_url(reverse("accounts:account")),
            "unsubscribe_url": unsubscribe_url(user),
            "LANGUAGE_CODE": language,
        }
        message = unsubscribable_mail("digest", user, context)
    message.articles = len(recommendations) + len(articles) + len(notes)
    return message


def unsubscribable_mail(name, user, context):
    """The mail of templates digests/email/<name>_subject.txt, <name>.txt and <name>.html,
    rendered in the active language, with one-click unsubscribe (RFC 8058): the reader's
    mail client POSTs "List-Unsubscribe=One-Click" to context["unsubscribe_url"], no
    sign-in needed."""
    subject = render_to_string(f"digests/email/{name}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject,
        render_to_string(f"digests/email/{name}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"digests/email/{name}.html", context), "text/html")
    return message


WHY = re.compile(r'<p class="recommendation__why">(.*?)</p>', re.DOTALL)


def reason_text(rec):
    """A recommendation's reason in the site's own words (its template), as plain text."""
    html = render_to_string("recommendations/recommendation.html", {"rec": rec})
    return " ".join(strip_tags(WHY.search(html).group(1)).split())


# A task sends this many digests, over one SMTP connection: with a task per digest, a
# worker spent a share of each digest claiming and closing its task and connecting to the
# SMTP server (bench/digests.py measures it). Small enough that two workers share the
# last tasks of a run, and that a worker killed mid-task (not stopped: it finishes its
# task) leaves few digests of the period unsent.
DIGESTS_PER_TASK = 25


@task()
def send_digests(digest_ids):
    """Send the digests `digest_ids` not sent yet, each once (Digest.sent_at)."""
    digests = Digest.objects.select_related("user").filter(pk__in=digest_ids, sent_at=None)
    digests = list(digests.order_by("pk"))
    chosen = dict(
        ReaderProfile.objects.filter(user__in=[digest.user_id for digest in digests]).values_list(
            "user_id", "digest"
        )
    )
    outcomes = Counter()
    with mail.mailers.default as mailer:
        for digest in digests:
            outcomes[deliver(digest, chosen.get(digest.user_id), mailer=mailer)] += 1
    return ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))


@task()
def send_digest(digest_id, attempt=1):
    """One digest: a retry after the SMTP server failed it (and the tasks enqueued before
    digests went by the batch)."""
    digest = Digest.objects.select_related("user").filter(pk=digest_id, sent_at=None).first()
    if digest is None:
        return "already sent"
    chosen = ReaderProfile.objects.filter(user=digest.user).values_list("digest", flat=True)
    return deliver(digest, chosen.first(), attempt=attempt)


def deliver(digest, chosen, attempt=1, mailer=None):
    """Send `digest`, unless its reader chose otherwise since or nothing is new; what
    happened, in a word or two."""
    if not digest.user.is_active or chosen != digest.frequency:
        Digest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
        return "not sent: the reader changed their choice"
    message = digest_message(digest)
    if message is None:
        Digest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
        return "not sent: nothing new"
    if not send_or_retry(send_digest, message, digest.pk, attempt=attempt, mailer=mailer):
        return "not sent; tried again later"
    Digest.objects.filter(pk=digest.pk).update(sent_at=timezone.now(), articles=message.articles)
    return "sent"
