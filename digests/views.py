from django.core import signing
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import ReaderProfile, User

from .emails import UNSUBSCRIBE_SALT


# A mail client's one-click unsubscribe (RFC 8058) POSTs here with no CSRF token and no
# session. The signed link is what authorises it, and all it can do is stop mail to the
# account it names. The page names the address: no cache in between may keep it.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        account = User.objects.get(pk=signing.loads(token, salt=UNSUBSCRIBE_SALT)["user"])
    except (signing.BadSignature, KeyError, TypeError, User.DoesNotExist):
        return render(request, "digests/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        ReaderProfile.objects.filter(user=account).update(digest=ReaderProfile.Digest.NONE)
    # Opening the link changes nothing (mail scanners open links): it asks for a click.
    return render(
        request,
        "digests/unsubscribe.html",
        {"account": account, "done": request.method == "POST"},
    )
