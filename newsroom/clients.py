from django.conf import settings


def client_ip(request):
    """The reader's address, read past the reverse proxies the site is configured to trust.

    Used for the helpfulness-vote rate limit and, through AXES_CLIENT_IP_CALLABLE, for
    sign-in throttling: behind a proxy every reader would otherwise share its address.
    """
    if settings.PROXY_COUNT:
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT].strip()
    return request.META.get("REMOTE_ADDR", "")
