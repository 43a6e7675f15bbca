from django.conf import settings
from django.urls import translate_url
from django.utils.functional import lazy


def alternates(request):
    """This page in each language, for pages whose address differs only by language.

    Pages with per-language slugs (articles, topics) put their own `alternates` in the
    context, which wins over this default.
    """

    def build():
        if request.resolver_match is None:
            return []
        return [(code, translate_url(request.path, code)) for code, _ in settings.LANGUAGES]

    return {"alternates": lazy(build, list)()}
