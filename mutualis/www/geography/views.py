"""Geography pages: our own GeoJSON outlines (for the map component) and the commune search
(htmx autocomplete). Both are public: the people's offer search uses them without an account."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from mutualis.core.access import public
from mutualis.geography import selectors
from mutualis.geography.models import OutlineLevel

MAX_OUTLINES = 2000


@public
@require_GET
@cache_control(public=True, max_age=86400)
def outlines(request):
    """GeoJSON FeatureCollection: ?niveau=region|departement|epci|zone_emploi|commune, and
    optionally codes=…,… or departement=61 (communes) or bbox=min_lon,min_lat,max_lon,max_lat."""
    level = request.GET.get("niveau", OutlineLevel.DEPARTMENT)
    if level not in OutlineLevel.values:
        return HttpResponseBadRequest(_("Niveau inconnu."))
    params = {}
    if request.GET.get("codes"):
        params["codes"] = [c for c in request.GET["codes"].split(",") if c][:MAX_OUTLINES]
    if request.GET.get("departement"):
        params["department"] = request.GET["departement"][:3]
    if request.GET.get("bbox"):
        try:
            box = [float(v) for v in request.GET["bbox"].split(",")]
        except ValueError:
            box = []
        if len(box) != 4:
            return HttpResponseBadRequest(_("Cadre (bbox) invalide : quatre nombres attendus."))
        params["bbox"] = box
    if level == OutlineLevel.COMMUNE and not params:
        return HttpResponseBadRequest(_("Précisez des codes, un département ou un cadre pour les communes."))
    qs = selectors.outlines(level, **params)[:MAX_OUTLINES]
    response = JsonResponse(selectors.feature_collection(qs))
    response["Content-Type"] = "application/geo+json"
    return response


@public
@require_GET
def commune_search(request):
    """Communes matching ?q= (name, INSEE code or postcode): an htmx list of choices, or JSON with
    ?format=json."""
    communes = selectors.search_communes(request.GET.get("q", ""), limit=10)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "results": [
                    {
                        "code": c.code,
                        "nom": c.name,
                        "departement": c.department_id,
                        "latitude": c.latitude,
                        "longitude": c.longitude,
                    }
                    for c in communes
                ]
            }
        )
    return render(
        request,
        "geography/_commune_choices.html",
        {
            "communes": communes,
            "target": request.GET.get("cible", "")[:60],
            "query": request.GET.get("q", ""),
        },
    )
