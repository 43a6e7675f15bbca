from django.urls import reverse
from django.utils import translation


class StaffLanguageMiddleware:
    """The admin speaks its staff member's preferred language, whatever the browser says.

    After LocaleMiddleware (which chose from the URL, cookie or browser) and the
    authentication middleware. Only the admin: on the public site the URL says the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")) and request.user.is_staff:
            translation.activate(request.user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
