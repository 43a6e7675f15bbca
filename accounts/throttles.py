"""Limits on what anyone can make the site do to an account they do not hold: guess its
password (django-axes, configured in settings) or fill its mailbox (here)."""

from django.core.cache import cache
from django.utils.crypto import salted_hmac

# In any hour: mails to one address, whichever form asked; and requests for mail from
# one client (one address behind the trusted proxies), whichever addresses they named.
MAILS_PER_ADDRESS = 3
MAILS_PER_CLIENT = 10
MAIL_WINDOW = 60 * 60  # seconds


def sign_in_username(request, credentials):
    """The account a sign-in attempt is for, as django-axes counts it (AXES_USERNAME_CALLABLE).

    The form posts `username`; addresses compare case-insensitively, so READER@… and
    reader@… are one account and one count of failures.
    """
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return username.strip().lower()


def may_send_mail(request, email):
    """Whether a mail the reader asked for to `email` may go now; counts it if so.

    The caller answers the same either way: neither the limit nor the account shows.
    """
    address = salted_hmac(
        "accounts.throttles.address", email.strip().lower(), algorithm="sha256"
    ).hexdigest()
    client = salted_hmac(
        "accounts.throttles.client", request.client_ip, algorithm="sha256"
    ).hexdigest()
    return take_slot(f"mail-client:{client}", MAILS_PER_CLIENT) and take_slot(
        f"mail-address:{address}", MAILS_PER_ADDRESS
    )


def take_slot(key, limit):
    """Take one of `limit` slots that each free themselves MAIL_WINDOW after being taken.

    Each slot is a cache entry made by `cache.add`, which only one of several concurrent
    requests can win (a unique key in the database cache, SET NX in Redis), so a burst of
    parallel requests cannot exceed the limit as a read-then-write counter could.
    """
    slots = [f"{key}:{n}" for n in range(limit)]
    taken = cache.get_many(slots)
    return any(cache.add(slot, 1, MAIL_WINDOW) for slot in slots if slot not in taken)
