from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets

from mutualis.api.base import set_membership
from mutualis.core.access import Perms, signed_in
from mutualis.geography import selectors
from mutualis.geography.models import Commune

from .serializers import CommuneSerializer


@extend_schema(
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description=_("Nom, code postal ou code INSEE (liste)."))
    ]
)
class CommuneViewSet(viewsets.ReadOnlyModelViewSet):
    """Communes of the Code officiel géographique, with their EPCI, département, région and zone d'emploi."""

    serializer_class = CommuneSerializer
    permission_classes = [Perms]
    perms = {"read": signed_in}
    lookup_field = "code"
    lookup_value_regex = "[0-9AB]{5}"
    filter_backends = []

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        return Commune.objects.prefetch_related("postcodes").order_by("code")

    def list(self, request, *args, **kwargs):
        query = request.query_params.get("q", "")
        if query:
            communes = selectors.search_communes(query, limit=20)
            ids = [c.code for c in communes]
            rows = {c.code: c for c in self.get_queryset().filter(code__in=ids)}
            page = [rows[i] for i in ids]
            return self.get_paginated_response(
                self.get_serializer(self.paginate_queryset(page), many=True).data
            )
        return super().list(request, *args, **kwargs)


ROUTES = [("geography/communes", CommuneViewSet, "geography-commune")]
