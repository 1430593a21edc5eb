"""The local-offer API (`/api/v1/offer/…`): the same rules as the pages (mutualis/offer)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from mutualis.core.access import Perms, signed_in
from mutualis.insertion import consents
from mutualis.insertion.enums import Part
from mutualis.insertion.models import Beneficiary
from mutualis.offer import exchange, perms, selectors, services
from mutualis.offer.enums import ServiceStatus
from mutualis.offer.models import ImportRun, Service, Structure

from ..base import django_errors_to_api, set_membership
from ..insertion.views import UUID
from . import serializers as s


class Base(viewsets.GenericViewSet):
    permission_classes = [Perms]
    lookup_field = "public_id"
    lookup_value_regex = UUID

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    @property
    def membership(self):
        return getattr(self.request, "membership", None)

    def call(self, fn, **kwargs):
        try:
            return fn(**kwargs)
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc


class StructureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, Base):
    """Structures of the offer (data·inclusion shape). Their own staff update them."""

    serializer_class = s.StructureSerializer
    perms = {"read": signed_in, "write": perms.is_structure_staff}
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return Structure.objects.select_related("organisation").order_by("di_id")

    def perform_update(self, serializer):
        if not perms.can_manage_structure(self.membership, serializer.instance):
            raise PermissionDenied
        structure = serializer.save()
        try:
            structure.full_clean()
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        structure.save()


class ServiceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, Base
):
    """Services of the offer (data·inclusion shape plus our fields): published ones, and the drafts of
    the caller's own structures. Structure staff create and update theirs."""

    serializer_class = s.ServiceSerializer
    perms = {"read": signed_in, "write": perms.is_structure_staff}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = Service.objects.select_related("structure").order_by("di_id")
        membership = self.membership
        own = (
            Q(structure__organisation_id=membership.organisation_id)
            if perms.is_structure_staff(membership)
            else Q(pk__in=[])
        )
        return qs.filter(Q(status=ServiceStatus.PUBLISHED) | own)

    def perform_create(self, serializer):
        structure = serializer.validated_data.get("structure")
        if structure is None:
            raise ApiValidationError({"structure": ["Indiquez la structure (son public_id)."]})
        if not perms.can_manage_structure(self.membership, structure):
            raise PermissionDenied
        service = Service(**serializer.validated_data)
        serializer.instance = self.call(services.save_service, actor=self.request.user, service=service)

    def perform_update(self, serializer):
        service = serializer.instance
        if not perms.can_manage_structure(self.membership, service.structure):
            raise PermissionDenied
        structure = serializer.validated_data.pop("structure", None)
        if structure is not None and not perms.can_manage_structure(self.membership, structure):
            raise PermissionDenied
        for name, value in serializer.validated_data.items():
            setattr(service, name, value)
        if structure is not None:
            service.structure = structure
        serializer.instance = self.call(services.save_service, actor=self.request.user, service=service)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        description='L\'offre publiée au format data·inclusion v1 : {"structures": [...], "services": [...]}, '
        "exactement comme l'export JSON des pages (clés et ordre du schéma).",
    )
    @action(detail=False, methods=["get"], url_path="data-inclusion", pagination_class=None)
    def data_inclusion(self, request, *args, **kwargs):
        published = Service.objects.published()
        return Response(
            {
                exchange.STRUCTURES: exchange.export_rows(exchange.STRUCTURES, published),
                exchange.SERVICES: exchange.export_rows(exchange.SERVICES, published),
            }
        )


SEARCH_PARAMETERS = [
    OpenApiParameter("commune", OpenApiTypes.STR, description="Code INSEE de la commune de la personne"),
    OpenApiParameter("rayon", OpenApiTypes.INT, description="Rayon en km"),
    OpenApiParameter("thematique", OpenApiTypes.STR, many=True),
    OpenApiParameter("categorie", OpenApiTypes.STR, many=True),
    OpenApiParameter("public", OpenApiTypes.STR, many=True),
    OpenApiParameter("type", OpenApiTypes.STR, many=True),
    OpenApiParameter("mode_accueil", OpenApiTypes.STR, many=True),
    OpenApiParameter("frais", OpenApiTypes.STR),
    OpenApiParameter("q", OpenApiTypes.STR),
]


class SearchViewSet(Base):
    """Services for a person living in a commune: eligibility zone covers it, nearest first."""

    serializer_class = s.SearchHitSerializer
    perms = {"read": signed_in}

    def get_queryset(self):
        return Service.objects.none()

    @extend_schema(parameters=SEARCH_PARAMETERS, responses=s.SearchHitSerializer(many=True))
    def list(self, request, *args, **kwargs):
        params = request.query_params
        radius = params.get("rayon")
        if radius and not radius.isdigit():
            raise ApiValidationError({"rayon": ["Un nombre de kilomètres est attendu."]})
        commune = params.get("commune") or None
        if commune and selectors.zone_codes(commune) is None:
            raise ApiValidationError({"commune": [f"« {commune} » n'est pas le code INSEE d'une commune."]})
        hits = selectors.search(
            commune=commune,
            radius_km=int(radius) if radius else None,
            thematiques=params.getlist("thematique"),
            categories=params.getlist("categorie"),
            publics=params.getlist("public"),
            types=params.getlist("type"),
            modes_accueil=params.getlist("mode_accueil"),
            frais=params.get("frais") or None,
            text=params.get("q", ""),
        )
        page = self.paginate_queryset(hits)
        return self.get_paginated_response(s.SearchHitSerializer(page, many=True).data)


class ImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, Base):
    """data·inclusion files: `dry_run` (default true) checks and reports each bad row, saving nothing."""

    serializer_class = s.ImportSerializer
    perms = {"read": perms.can_import, "write": perms.can_import}

    def get_queryset(self):
        return ImportRun.objects.filter(group_id=getattr(self.membership, "group_id", None)).order_by(
            "-created_at", "-id"
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data.get("file")
        try:
            text = upload.read().decode("utf-8-sig") if upload else data["content"]
        except UnicodeDecodeError as exc:
            raise ApiValidationError({"file": ["Le fichier doit être encodé en UTF-8."]}) from exc
        name = data.get("name") or (upload.name if upload else "offre.json")
        run, _report = self.call(
            exchange.run_import,
            text=text,
            name=name,
            fmt=data.get("format"),
            dry_run=data["dry_run"],
            good_rows_only=data.get("good_rows_only", False),
            user=request.user,
            membership=self.membership,
        )
        return Response(s.ImportSerializer(run).data, status=status.HTTP_201_CREATED)


class OrientationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, Base):
    """Orientations sent by the caller's structure or received by its services; `accept` and `refuse`
    for the receiving structure's staff (others answer through the e-mailed link)."""

    serializer_class = s.OrientationSerializer
    perms = {
        "read": perms.can_view_orientations,
        "write": perms.can_orient,
        "accept": perms.is_structure_staff,
        "refuse": perms.is_structure_staff,
    }

    def get_queryset(self):
        return selectors.orientations_visible(self.membership).order_by("-sent_at", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        beneficiary = Beneficiary.objects.filter(public_id=data["beneficiary"]["public_id"]).first()
        if beneficiary is None or not consents.allows(self.membership, beneficiary, Part.IDENTITY):
            raise ApiValidationError({"beneficiary": ["Personne introuvable."]})
        serializer.instance = self.call(
            services.orient,
            actor=self.request.user,
            membership=self.membership,
            service=data["service"],
            beneficiary=beneficiary,
            message=data.get("message", ""),
            consent_given_via=data.get("consent_given_via", ""),
        )

    def _receiver_object(self):
        orientation = get_object_or_404(self.get_queryset(), public_id=self.kwargs["public_id"])
        if not perms.can_answer_orientation(self.membership, orientation):
            raise PermissionDenied
        return orientation

    @extend_schema(request=s.EmptySerializer, responses=s.OrientationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, public_id=None):
        orientation = self.call(services.accept, orientation=self._receiver_object(), actor=request.user)
        return Response(s.OrientationSerializer(orientation).data)

    @extend_schema(request=s.RefuseSerializer, responses=s.OrientationSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, public_id=None):
        orientation = self._receiver_object()
        serializer = s.RefuseSerializer(data=request.data)
        if not serializer.is_valid():
            if "refusal_reason" in serializer.errors:
                raise ApiValidationError({"refusal_reason": ["Choisissez le motif du refus dans la liste."]})
            raise ApiValidationError(serializer.errors)
        orientation = self.call(
            services.refuse,
            orientation=orientation,
            reason=serializer.validated_data["refusal_reason"],
            comment=serializer.validated_data["refusal_comment"],
            actor=request.user,
        )
        return Response(s.OrientationSerializer(orientation).data)


ROUTES = [
    ("offer/structures", StructureViewSet, "offer-structure"),
    ("offer/services", ServiceViewSet, "offer-service"),
    ("offer/search", SearchViewSet, "offer-search"),
    ("offer/imports", ImportViewSet, "offer-import"),
    ("offer/orientations", OrientationViewSet, "offer-orientation"),
]
