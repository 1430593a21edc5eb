"""The API answers in JSON whatever goes wrong with the request itself.

- `ObjectJSONParser`: a body must be a JSON object (`{…}`); a list, a string or a number is a 400
  naming the problem, not a 500 deep in a view; so is a body holding U+0000 anywhere.
- `exception_handler`: DRF's, plus a request over Django's size limit (413, naming the limit) and
  dates whose arithmetic overflows (400) — as JSON, never Django's HTML error page.
- `page_not_found` (the project's `handler404`): an API address that matches no route (an identifier
  that is not a UUID, say) answers a JSON 404 too; the pages keep Django's HTML one.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from mutualis.core.dates import OUT_OF_WINDOW
from mutualis.core.middleware import holds_nul


class ObjectJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length and str(length).isdigit() and int(length) > limit:
            # DRF streams JSON bodies without Django's size check: apply it here.
            raise RequestDataTooBig
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(_("Le corps de la requête doit être un objet JSON ({…})."))
        if holds_nul(data):  # PostgreSQL stores no U+0000, in text or in JSON
            raise ParseError(_("La requête contient un caractère nul (U+0000)."))
        return data


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        return Response(
            {
                "detail": _("La requête dépasse la taille maximale acceptée (%(limit)s Ko).")
                % {"limit": limit}
            },
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, TooManyFieldsSent):
        return Response(
            {"detail": _("La requête contient trop de champs.")}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, OverflowError):
        return Response({"detail": str(OUT_OF_WINDOW)}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Introuvable.")}, status=status.HTTP_404_NOT_FOUND)
    return defaults.page_not_found(request, exception)
