from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models, transaction
from django.db.models.functions import Lower
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Topic

# Sent inside the transaction that saved or removed a reader's favorite (with
# `article_id`), so that what is derived from favorites changes with them, or not at all:
# the recommendations app recounts and refreshes its rows (recommendations.signals).
# A signal of its own, not post_save/post_delete: those also fire for each favorite of a
# deleted account, and these refreshes run only for a reader's own save or removal.
favorites_changed = Signal()


class UserManager(BaseUserManager):
    # Not given to migrations (no use_in_migrations): a migration is history, and must not
    # run code that changes after it; none needs to make users.

    @classmethod
    def normalize_email(cls, email):
        # Addresses are compared case-insensitively, so store one spelling.
        return (email or "").strip().lower()

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A reader or an editor. People sign in with their email address."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can sign in to the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Empty only while an account made by the sign-up form waits for its address to be
    # confirmed: an inactive account with a date here was deactivated by staff, and
    # signing up again must not bring it back.
    confirmed_at = models.DateTimeField(
        _("email address confirmed"), null=True, blank=True, default=timezone.now
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    # createsuperuser asks for it: the admin greets people by it, not by their address.
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_user_email_ci"),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    @property
    def awaits_confirmation(self):
        return self.confirmed_at is None

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.partition("@")[0]


class FavoriteQuerySet(models.QuerySet):
    def save_article(self, user, article):
        """Save an article for a reader; saving it again changes nothing."""
        with transaction.atomic():
            # get_or_create survives a concurrent double click: the unique constraint
            # rejects the second insert and it then gets the row the first one made.
            favorite, created = self.get_or_create(user=user, article=article)
            if created:
                favorites_changed.send(sender=Favorite, article_id=article.pk)
        return favorite

    def remove_article(self, user, article):
        with transaction.atomic():
            deleted, _rows = self.filter(user=user, article=article).delete()
            if deleted:
                favorites_changed.send(sender=Favorite, article_id=article.pk)

    def public(self):
        return self.filter(article__in=Article.objects.published())


class Favorite(models.Model):
    """An article a reader saved ("Save as Favorite")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="favorites",
        verbose_name=_("reader"),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="favorites",
        verbose_name=_("article"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    objects = FavoriteQuerySet.as_manager()

    class Meta:
        verbose_name = _("favorite")
        verbose_name_plural = _("favorites")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="unique_favorite"),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="favorite_user_recent_idx"),
        ]

    def __str__(self):
        return f"{self.user} ♥ {self.article}"

    @property
    def updated_since_saved(self):
        """Whether the article has had a correction or update since the reader saved it."""
        noted = self.article.last_noted_at
        return noted is not None and noted > self.created_at


class ReaderProfileQuerySet(models.QuerySet):
    def for_reader(self, user):
        """The reader's profile; an unsaved one with the defaults if they never changed it."""
        return self.filter(user=user).first() or self.model(user=user)

    def alerted(self):
        """Readers who are told when an article they saved is corrected or updated: those
        who chose a digest, and did not turn alerts off, with an account in use."""
        readers = self.filter(alerts=True, user__is_active=True)
        return readers.exclude(digest=ReaderProfile.Digest.NONE)

    def set_interests(self, user, topics, **choices):
        profile, _created = self.update_or_create(user=user, defaults=choices)
        profile.interests.set(topics)


class ReaderProfile(models.Model):
    """What a reader chose about recommendations. Kept apart from the User, which signs in."""

    class Digest(models.TextChoices):
        NONE = "", _("No email")
        WEEKLY = "weekly", _("Weekly")
        DAILY = "daily", _("Daily")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reader_profile",
        verbose_name=_("reader"),
    )
    show_recommendations = models.BooleanField(
        _("show recommendations"),
        default=True,
        help_text=_(
            "Suggested articles on article pages and on your Recommendations page, chosen "
            "from your favorites, your “Yes” answers and your topics."
        ),
    )
    interests = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="+",
        verbose_name=_("topics that interest you"),
        help_text=_("Recommendations favor new articles in these topics."),
    )
    digest = models.CharField(
        _("recommendations by email"),
        max_length=6,
        choices=Digest,
        default=Digest.NONE,
        # Also for rows inserted by SQL (bench/recommendations.py): none asked for mail.
        db_default=Digest.NONE,
        blank=True,
        help_text=_(
            "Your recommendations and the new articles in your topics, in one email. You "
            "can stop it from any of them with one click."
        ),
    )
    # On by default, but only reaches readers who chose a digest: no one who asked for no
    # mail receives any.
    alerts = models.BooleanField(
        _("email me when an article I saved is corrected or updated"),
        default=True,
        db_default=True,
        help_text=_(
            "A short email, at most about one an hour, when we correct or update an article "
            "in your favorites. Only while you receive a digest."
        ),
    )

    objects = ReaderProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("reader profile")
        verbose_name_plural = _("reader profiles")
        ordering = ["user"]

    def __str__(self):
        return str(self.user)
