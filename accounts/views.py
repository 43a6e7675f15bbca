from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.pagination import get_page

from .emails import send_email
from .forms import (
    DeleteAccountForm,
    PasswordResetForm,
    ReaderProfileForm,
    SettingsForm,
    SignInForm,
    SignUpForm,
    ThrottledPasswordChangeForm,
)
from .models import Favorite, ReaderProfile, User
from .throttles import may_send_mail
from .tokens import ACTIVATION_SALT, confirmation_token

ACTIVATION_MAX_AGE = 3 * 24 * 60 * 60  # seconds


def safe_next(request, url, fallback):
    """`url` if it stays on this site, otherwise `fallback`."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


def save_pending_favorite(user, article_id):
    """Finish the "Save as Favorite" that sent an anonymous reader to sign in."""
    try:
        article = Article.objects.published().get(pk=int(article_id))
    except (TypeError, ValueError, Article.DoesNotExist):
        return
    Favorite.objects.save_article(user, article)


def home_in(language):
    with translation.override(language):
        return reverse("home")


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        save_pending_favorite(self.request.user, self.request.POST.get("favorite"))
        return response

    def get_default_redirect_url(self):
        return home_in(self.request.user.preferred_language)

    def get_context_data(self, **kwargs):
        favorite = self.request.POST.get("favorite") or self.request.GET.get("favorite", "")
        return super().get_context_data(**kwargs) | {"favorite": favorite}


def sign_up(request):
    next_url = request.POST.get("next") or request.GET.get("next", "")
    favorite = request.POST.get("favorite") or request.GET.get("favorite", "")
    if request.user.is_authenticated:
        return redirect(safe_next(request, next_url, reverse("home")))
    form = SignUpForm(request.POST or None, initial={"preferred_language": get_language()})
    if form.is_valid():
        start_sign_up(request, form, next_url, favorite)
        return redirect("accounts:sign-up-done")
    return render(
        request,
        "accounts/sign_up.html",
        {"form": form, "next": next_url, "favorite": favorite},
    )


def start_sign_up(request, form, next_url, favorite):
    """Email the address a confirmation link or, if it has an account already, a reminder.

    An existing account is never changed: someone else may be typing its address. The
    page the reader sees next, and the time it takes, are the same either way.
    """
    email = User.objects.normalize_email(form.cleaned_data["email"])
    # Hashing is most of the time of a sign-up: done on every path, so that the time
    # of the answer does not tell whether the address has an account.
    password = make_password(form.cleaned_data["password1"])
    if not may_send_mail(request, email):
        return
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = form.instance
        user.email = email
        user.password = password
        user.is_active = False
        user.confirmed_at = None
        try:
            with transaction.atomic():
                user.save()
                ReaderProfile.objects.set_interests(
                    user, form.cleaned_data["interests"], digest=form.cleaned_data["digest"]
                )
        except IntegrityError:
            return  # the same address signed up a moment ago; that request sends the email
    elif not user.awaits_confirmation:
        # Active, or deactivated by staff (which signing up must not undo).
        send_email("already_registered", user)
        return
    # A new account, or one never confirmed: its link again, the account as it was.
    send_email("activation", user, next=next_url, favorite=favorite)


def sign_up_done(request):
    return render(request, "accounts/sign_up_done.html")


def activate(request, token):
    try:
        data = signing.loads(token, salt=ACTIVATION_SALT, max_age=ACTIVATION_MAX_AGE)
        user = User.objects.get(pk=data["user"])
    except (signing.BadSignature, KeyError, TypeError, User.DoesNotExist):
        return render(request, "accounts/activation_invalid.html", status=400)
    next_url = safe_next(request, data.get("next"), home_in(user.preferred_language))
    if not confirmation_token.check_token(user, data.get("token")):
        # Used already, or the account changed since the link was sent.
        if user.is_active and not user.awaits_confirmation:
            messages.info(request, _("Your email address is already confirmed. Please sign in."))
            return redirect(f"{reverse('accounts:sign-in')}?{urlencode({'next': next_url})}")
        return render(request, "accounts/activation_invalid.html", status=400)
    if request.method != "POST":
        # Confirming takes a click: mail scanners that open links do not sign anyone in.
        return render(request, "accounts/activate.html", {"account": user})
    # Only the account as the token saw it: a concurrent click confirms it once.
    confirmed = User.objects.filter(
        pk=user.pk, is_active=False, confirmed_at=None, password=user.password
    ).update(is_active=True, confirmed_at=timezone.now())
    if not confirmed:
        return render(request, "accounts/activation_invalid.html", status=400)
    user.refresh_from_db()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    save_pending_favorite(user, data.get("favorite"))
    messages.success(request, _("Welcome! Your account is ready."))
    return redirect(next_url)


@login_required
def account(request):
    form = SettingsForm(request.POST or None, instance=request.user)
    profile = ReaderProfile.objects.for_reader(request.user)
    profile_form = ReaderProfileForm(request.POST or None, instance=profile)
    if form.is_valid() and profile_form.is_valid():
        user = form.save()
        profile_form.save()
        # The next page is in the language just chosen; so is the message.
        with translation.override(user.preferred_language):
            messages.success(request, _("Your settings have been saved."))
            return redirect(reverse("accounts:account"))
    return render(request, "accounts/account.html", {"form": form, "profile_form": profile_form})


@login_required
def delete_account(request):
    form = DeleteAccountForm(request, request.POST or None)
    if form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, _("Your account and your favorites have been deleted."))
        return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form})


@login_required
def favorite_list(request):
    favorites = Favorite.objects.public().filter(user=request.user).select_related("article")
    page = get_page(favorites, request.GET.get("page"))
    return render(request, "accounts/favorite_list.html", {"page_obj": page})


@require_POST
def favorite(request, slug):
    """Save or remove a favorite. The form says which, so repeating it changes nothing."""
    language = get_language()
    article = get_object_or_404(
        Article.objects.published_in(language), **{f"slug_{language}": slug}
    )
    if not request.user.is_authenticated:
        query = urlencode({"next": article.get_absolute_url(), "favorite": article.pk})
        return redirect(f"{reverse('accounts:sign-in')}?{query}")
    action = request.POST.get("action")
    if action == "save":
        Favorite.objects.save_article(request.user, article)
    elif action == "remove":
        Favorite.objects.remove_article(request.user, article)
    else:
        return HttpResponseBadRequest(_("Choose whether to save or remove the favorite."))
    if request.headers.get("X-Requested-With") == "fetch":
        return render(
            request,
            "accounts/favorite_button.html",
            {"action": request.path, "saved": action == "save"},
        )
    fallback = f"{article.get_absolute_url()}#favorite"
    return redirect(safe_next(request, request.POST.get("next"), fallback))


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}


password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html",
)
password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html",
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html",
)
sign_out = auth_views.LogoutView.as_view()
