import hashlib
import hmac
import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Exists, F, FloatField, OuterRef, Q
from django.db.models.functions import Cast, NullIf, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article

COMMENT_MAX_LENGTH = 1000

# At most this many votes written by one client (one IP address) in the window. Generous
# enough for a clinic or a library where many readers share an address, small enough to
# stop a script that clears its cookies between votes.
RATE_LIMIT_VOTES = 30
RATE_LIMIT_WINDOW = timedelta(minutes=10)

EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven to fifteen digits (E.164 allows fifteen) in groups separated by a space, a dot or
# a dash, with an optional country code and an area code in brackets. It errs on the side
# of masking: a long list of numbers is masked too, a reader's phone number never leaks.
PHONE = re.compile(
    r"""
    (?<![\w+])
    (?:\+\d{1,3}[\s.-]?)?
    (?:\(\d{1,4}\)|\d{1,4})
    (?:[\s.-]?\d{2,4}){1,4}
    (?!\w)
    """,
    re.VERBOSE,
)
DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[.-]\d{1,2}[.-]\d{2,4}")


def mask_contact_details(text):
    """The text with email addresses and phone numbers replaced, before it is stored."""

    def phone(match):
        number = match.group()
        digits = sum(character.isdigit() for character in number)
        if DATE.fullmatch(number) or not 7 <= digits <= 15:
            return number
        return "[phone]"

    return PHONE.sub(phone, EMAIL.sub("[email]", text))


def client_fingerprint(ip_address):
    """A keyed hash of the reader's IP address: enough to count their votes, not to find them."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, ip_address.encode(), hashlib.sha256).hexdigest()


def share_of_yes(yes, no):
    """Yes as a percentage of all answers, computed by the database; NULL without answers."""
    return Cast(yes, FloatField()) * 100 / NullIf(F(yes) + F(no), 0)


def with_helpfulness(articles, language=None):
    """Articles annotated with their Yes and No counts and the share of Yes, in percent.

    Counted in the database in the same query as the articles; `language` counts only the
    votes cast on that language's page.
    """
    votes = Q(helpfulness_votes__language=language) if language else Q()
    return articles.annotate(
        yes_votes=Count("helpfulness_votes", filter=votes & Q(helpfulness_votes__helpful=True)),
        no_votes=Count("helpfulness_votes", filter=votes & Q(helpfulness_votes__helpful=False)),
    ).annotate(helpful_percent=share_of_yes("yes_votes", "no_votes"))


# An anonymous reader's votes are theirs through a random token in the session data. The
# session key would not do: sign-in replaces it (keeping the data), and the votes follow.
VOTER_SESSION_KEY = "feedback_voter"


def reader_identity(request, create=False):
    """How the reader's votes are found: their account, or their browser's token.

    Reading it costs nothing for a reader without a session, and never starts one unless
    `create` is true.
    """
    if request.user.is_authenticated:
        return {"user": request.user}
    voter = request.session.get(VOTER_SESSION_KEY)
    if voter is None and create:
        voter = request.session[VOTER_SESSION_KEY] = uuid.uuid4().hex
    return {"voter": voter} if voter else None


class HelpfulnessVoteQuerySet(models.QuerySet):
    def of_reader(self, user=None, voter=None):
        if user is not None:
            return self.filter(user=user)
        if voter is not None:
            return self.filter(voter=voter)
        return self.none()

    def of_request(self, request):
        """The votes of the reader sending `request`: no query for one without a session."""
        return self.of_reader(**(reader_identity(request) or {}))

    def too_many_from(self, client):
        since = timezone.now() - RATE_LIMIT_WINDOW
        return self.filter(client=client, updated_at__gte=since).count() >= RATE_LIMIT_VOTES

    def counted(self):
        """Yes, No and the share of Yes for each group of a preceding `values()`."""
        return self.annotate(
            yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
        ).annotate(percent=share_of_yes("yes", "no"))

    def summary(self):
        yes = Count("pk", filter=Q(helpful=True))
        return self.aggregate(
            yes=yes,
            no=Count("pk", filter=Q(helpful=False)),
            percent=Cast(yes, FloatField()) * 100 / NullIf(Count("pk"), 0),
        )

    def by_language(self):
        return self.values("language").counted().order_by("language")

    def by_month(self):
        return (
            self.annotate(month=TruncMonth("created_at"))
            .values("month")
            .counted()
            .order_by("-month")
        )

    def move_to_account(self, voter, user):
        """Give an anonymous reader's votes to their account, keeping one vote per article.

        Where both voted on the same article, the newer vote wins.
        """
        with transaction.atomic():
            anonymous = self.filter(voter=voter)
            account = self.filter(user=user)
            account.filter(
                Exists(
                    anonymous.filter(
                        article=OuterRef("article"), updated_at__gt=OuterRef("updated_at")
                    )
                )
            ).delete()
            anonymous.filter(Exists(account.filter(article=OuterRef("article")))).delete()
            anonymous.update(user=user, voter=None)


class HelpfulnessVote(models.Model):
    """A reader's answer to "Was this article helpful?": one per reader and article."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="helpfulness_votes",
    )
    # Deleting an account keeps its votes in the counts but forgets whose they were.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helpfulness_votes",
    )
    # A random token kept in an anonymous reader's session data (not the session key,
    # which changes on sign-in).
    voter = models.UUIDField(_("anonymous reader"), null=True, blank=True, editable=False)
    helpful = models.BooleanField(_("helpful"))
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    comment = models.TextField(
        _("what was missing or unclear"),
        max_length=COMMENT_MAX_LENGTH,
        blank=True,
        help_text=_("Email addresses and phone numbers are masked before the comment is stored."),
    )
    client = models.CharField(_("client"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HelpfulnessVoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("helpfulness vote")
        verbose_name_plural = _("helpfulness votes")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"],
                condition=Q(user__isnull=False),
                name="unique_helpfulness_vote_per_user",
            ),
            models.UniqueConstraint(
                fields=["article", "voter"],
                condition=Q(voter__isnull=False),
                name="unique_helpfulness_vote_per_voter",
            ),
            # A vote belongs to an account or to an anonymous browser, never to both, so
            # moving votes on sign-in has one answer. Neither is the anonymised state left
            # when an account is deleted (SET_NULL): keeping the browser token instead
            # would tie the vote to a device after its reader asked to be forgotten.
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(voter__isnull=True),
                name="helpfulness_vote_one_identity",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "updated_at"], name="helpfulness_vote_client_idx"),
        ]

    def __str__(self):
        return f"{self.article}: {self.get_answer_display()}"

    def get_answer_display(self):
        return _("Yes") if self.helpful else _("No")
