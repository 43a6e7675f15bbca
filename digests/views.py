from django.core import signing
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import ReaderProfile, User

from . import alerts
from .emails import UNSUBSCRIBE_SALT


# A mail client's one-click unsubscribe (RFC 8058) POSTs here with no CSRF token and no
# session. The signed link is what authorises it, and all it can do is stop mail to the
# account it names. The page names the address: no cache in between may keep it.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    return stop(request, token, UNSUBSCRIBE_SALT, digest=ReaderProfile.Digest.NONE)


# The same for alerts, with a link of their own: it stops the alerts, not the digest.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def stop_alerts(request, token):
    return stop(request, token, alerts.UNSUBSCRIBE_SALT, alerts=False)


def stop(request, token, salt, **choice):
    what = "alerts" if "alerts" in choice else "digest"
    try:
        account = User.objects.get(pk=signing.loads(token, salt=salt)["user"])
    except (signing.BadSignature, KeyError, TypeError, User.DoesNotExist):
        return render(request, "digests/unsubscribe_invalid.html", {"what": what}, status=400)
    if request.method == "POST":
        ReaderProfile.objects.filter(user=account).update(**choice)
    # Opening the link changes nothing (mail scanners open links): it asks for a click.
    return render(
        request,
        "digests/unsubscribe.html",
        {"account": account, "done": request.method == "POST", "what": what},
    )
