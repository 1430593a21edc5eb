"""A last safety net for dates far outside the platform's window (`mutualis.core.dates`).

Views bound the dates they read (`dates.parse_day`, `dates.month_start`) and models refuse them; a
date that still overflows Python's date arithmetic somewhere (year 9999 plus a week) answers 400 with
a French message instead of a server error. API views answer the same in JSON (`mutualis.api.errors`).

`NulCharacterMiddleware`: a query string holding a NUL character (U+0000) answers 400. PostgreSQL
cannot store or compare text holding one (psycopg raises before the query: a 500), SQLite can; no
legitimate filter holds one. JSON bodies are checked by `mutualis.api.errors.ObjectJSONParser`, form
fields by the model's control-character validator.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .dates import OUT_OF_WINDOW


class DateOverflowMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OverflowError):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(OUT_OF_WINDOW)}, status=400)
        return HttpResponseBadRequest(str(OUT_OF_WINDOW), content_type="text/plain; charset=utf-8")


def holds_nul(value):
    """True when a (nested) JSON value or string holds U+0000."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(k) or holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(holds_nul(v) for v in value)
    return False


class NulCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request.path) or any(holds_nul(k) or holds_nul(v) for k, v in request.GET.lists()):
            message = _("La requête contient un caractère nul (U+0000).")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """French unless the person chose another language with the switcher (its cookie).

    Django's own middleware also follows the browser's `Accept-Language`: a browser set to English
    would show the platform in English to someone who never asked for it (French is the product's
    language; English is offered, docs/adr/2026-12-04-language-by-choice.md).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))
        return response
