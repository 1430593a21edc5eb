"""The insertion API: the same rules as the pages. A person the caller may not see — no consent, or
one revoked — is a 404; every read by someone other than the référent is logged (channel « api »)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from mutualis.core.access import Perms
from mutualis.employer_groups.models import EmployerGroup
from mutualis.insertion import consents, export, perms, services
from mutualis.insertion.enums import Part
from mutualis.insertion.models import Axis, Beneficiary, ConsentGrant, DiagnosticTemplate, FollowUp, Objective
from mutualis.organisations.models import Organisation

from ..base import django_errors_to_api, set_membership
from . import serializers as s

UUID = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


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

    def call(self, service, **kwargs):
        try:
            with transaction.atomic():
                return service(**kwargs)
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc

    def read(self, beneficiary, part):
        """A GET reads and is logged; a write only needs the right to see the part (its own rights are
        checked next, and a refused write must leave no trace)."""
        if self.request.method in SAFE_METHODS:
            consents.read(self.membership, beneficiary, part, channel="api")
        elif not consents.allows(self.membership, beneficiary, part):
            raise consents.NotAllowed


class BeneficiaryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, Base
):
    serializer_class = s.BeneficiarySerializer
    perms = {"read": perms.is_professional, "write": perms.is_professional}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Beneficiary.objects.none()
        ids = consents.visible_ids(self.membership, Part.IDENTITY)
        return (
            Beneficiary.objects.filter(pk__in=ids)
            .select_related("organisation", "group", "follow_up")
            .order_by("last_name", "first_name", "id")
        )

    def get_object(self):
        beneficiary = get_object_or_404(
            Beneficiary.objects.select_related("follow_up"), public_id=self.kwargs["public_id"]
        )
        self.read(beneficiary, Part.IDENTITY)
        return beneficiary

    def perform_create(self, serializer):
        serializer.instance = self.call(
            services.create_beneficiary,
            actor=self.request.user,
            membership=self.membership,
            **serializer.validated_data,
        )

    def perform_update(self, serializer):
        beneficiary = serializer.instance
        if not perms.can_manage_follow_up(self.membership, beneficiary.follow_up):
            raise PermissionDenied
        serializer.instance = self.call(
            services.update_beneficiary,
            actor=self.request.user,
            beneficiary=beneficiary,
            **serializer.validated_data,
        )

    @extend_schema(request=s.DiagnosticSerializer, responses=s.DiagnosticSerializer(many=True))
    @action(detail=True, methods=["get", "post"], url_path="diagnostics")
    def diagnostics(self, request, public_id=None, **kwargs):
        """GET: every version, newest first. POST: a new version (the previous one is kept)."""
        beneficiary = get_object_or_404(Beneficiary.objects.select_related("follow_up"), public_id=public_id)
        self.read(beneficiary, Part.DIAGNOSTIC)
        if request.method == "GET":
            rows = beneficiary.diagnostics.select_related("template").order_by("-version")
            return Response(s.DiagnosticSerializer(rows, many=True).data)
        if not perms.can_write_diagnostic(self.membership, beneficiary.follow_up):
            raise PermissionDenied
        serializer = s.DiagnosticSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        diagnostic = self.call(
            services.record_diagnostic,
            actor=request.user,
            membership=self.membership,
            beneficiary=beneficiary,
            template=data.get("template"),
            answers=data.get("answers", {}),
            summary=data.get("summary", ""),
            co_built=data.get("co_built", True),
        )
        return Response(s.DiagnosticSerializer(diagnostic).data, status=status.HTTP_201_CREATED)


class DiagnosticTemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    serializer_class = s.DiagnosticTemplateSerializer
    perms = {"read": perms.is_professional}

    def get_queryset(self):
        return DiagnosticTemplate.objects.order_by("code", "-version")


class FollowUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    serializer_class = s.FollowUpSerializer
    perms = {"read": perms.is_professional, "write": perms.is_professional}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FollowUp.objects.none()
        ids = consents.visible_ids(self.membership, Part.IDENTITY)
        return (
            FollowUp.objects.filter(beneficiary_id__in=ids)
            .select_related("beneficiary")
            .prefetch_related(
                "members__membership__user", "members__membership__organisation", "members__membership__group"
            )
            .order_by("beneficiary__last_name", "id")
        )

    def get_object(self):
        follow_up = get_object_or_404(
            self.get_queryset().model.objects.select_related("beneficiary"),
            public_id=self.kwargs["public_id"],
        )
        self.read(follow_up.beneficiary, Part.IDENTITY)
        return follow_up

    def _plan(self, public_id, write):
        follow_up = get_object_or_404(FollowUp.objects.select_related("beneficiary"), public_id=public_id)
        self.read(follow_up.beneficiary, Part.PLAN)
        if write and not perms.can_edit_plan(self.membership, follow_up):
            raise PermissionDenied
        return follow_up

    @extend_schema(request=s.AxisSerializer, responses=s.AxisSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def axes(self, request, public_id=None, **kwargs):
        follow_up = self._plan(public_id, request.method == "POST")
        if request.method == "GET":
            return Response(s.AxisSerializer(follow_up.axes.order_by("created_at", "id"), many=True).data)
        serializer = s.AxisSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        axis = self.call(
            services.add_axis,
            actor=request.user,
            follow_up=follow_up,
            theme=serializer.validated_data["theme"],
        )
        return Response(s.AxisSerializer(axis).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ObjectiveSerializer, responses=s.ObjectiveSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def objectives(self, request, public_id=None, **kwargs):
        follow_up = self._plan(public_id, request.method == "POST")
        rows = (
            Objective.objects.filter(axis__follow_up=follow_up)
            .select_related("axis")
            .order_by("created_at", "id")
        )
        if request.method == "GET":
            return Response(s.ObjectiveSerializer(rows, many=True).data)
        serializer = s.ObjectiveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        axis = Axis.objects.filter(follow_up=follow_up, public_id=data["axis"]["public_id"]).first()
        if axis is None:
            raise django_errors_to_api(DjangoValidationError({"axis": "Axe inconnu dans ce suivi."}))
        objective = self.call(
            services.add_objective,
            actor=request.user,
            axis=axis,
            title=data["title"],
            linked_contract=data.get("linked_contract", "none"),
            person_agreed_via=data.get("person_agreed_via", ""),
        )
        return Response(s.ObjectiveSerializer(objective).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ActionSerializer, responses=s.ActionSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def actions(self, request, public_id=None, **kwargs):
        follow_up = self._plan(public_id, request.method == "POST")
        from mutualis.insertion.models import Action

        rows = (
            Action.objects.filter(objective__axis__follow_up=follow_up)
            .select_related("objective")
            .order_by("due_on", "id")
        )
        if request.method == "GET":
            return Response(s.ActionSerializer(rows, many=True).data)
        serializer = s.ActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        objective = (
            Objective.objects.filter(axis__follow_up=follow_up, public_id=data["objective"]["public_id"])
            .select_related("axis__follow_up")
            .first()
        )
        if objective is None:
            raise django_errors_to_api(
                DjangoValidationError({"objective": "Objectif inconnu dans ce suivi."})
            )
        created = self.call(
            services.add_action,
            actor=request.user,
            objective=objective,
            title=data["title"],
            due_on=data.get("due_on"),
            status=data.get("status", "planned"),
        )
        return Response(s.ActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.EventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, public_id=None, **kwargs):
        follow_up = get_object_or_404(FollowUp.objects.select_related("beneficiary"), public_id=public_id)
        self.read(follow_up.beneficiary, Part.IDENTITY)
        allowed = [p for p in Part.values if consents.allows(self.membership, follow_up.beneficiary, p)]
        rows = follow_up.events.filter(part__in=allowed).order_by("-occurred_at", "-id")[:500]
        return Response(s.EventSerializer(rows, many=True).data)


class ConsentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, Base
):
    """Consents of the people the caller's structure holds (or, for the person, her own). DELETE revokes."""

    serializer_class = s.ConsentSerializer
    perms = {
        "read": lambda m: perms.is_professional(m) or perms.is_person(m),
        "write": lambda m: perms.is_professional(m) or perms.is_person(m),
    }

    def get_queryset(self):
        membership = self.membership
        qs = ConsentGrant.objects.select_related("beneficiary", "organisation", "group").order_by(
            "-given_on", "-id"
        )
        if getattr(self, "swagger_fake_view", False) or membership is None:
            return qs.none()
        if perms.is_person(membership):
            return qs.filter(beneficiary__user_id=membership.user_id)
        structure = consents.structure_of(membership)
        if structure is None:
            return qs.none()
        kind, pk = structure
        return qs.filter(**{f"beneficiary__{kind}_id": pk})

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        beneficiary = (
            Beneficiary.objects.filter(public_id=data.pop("beneficiary")["public_id"])
            .select_related("follow_up")
            .first()
        )
        membership = self.membership
        if beneficiary is None or not (
            consents.is_person(membership, beneficiary)
            or (perms.is_professional(membership) and consents.holds(membership, beneficiary))
        ):
            raise NotFound
        organisation = (data.pop("organisation", None) or {}).get("public_id")
        group = (data.pop("group", None) or {}).get("public_id")
        target = {
            "organisation": Organisation.objects.filter(public_id=organisation).first()
            if organisation
            else None,
            "group": EmployerGroup.objects.filter(public_id=group).first() if group else None,
        }
        serializer.instance = self.call(
            consents.grant, actor=self.request.user, beneficiary=beneficiary, **target, **data
        )

    def perform_destroy(self, instance):
        consents.revoke(actor=self.request.user, consent=instance)


class MeJourneyViewSet(Base):
    """The person's own journey, read-only."""

    perms = {"read": perms.is_person}

    serializer_class = serializers.Serializer

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request, **kwargs):
        me = get_object_or_404(
            Beneficiary.objects.select_related("follow_up"), user=request.user, anonymised_at__isnull=True
        )
        follow_up = me.follow_up
        objectives = (
            Objective.objects.filter(axis__follow_up=follow_up)
            .select_related("axis")
            .prefetch_related("actions")
        )
        return Response(
            {
                "follow_up": s.FollowUpSerializer(follow_up).data,
                "objectives": [
                    {
                        **s.ObjectiveSerializer(o).data,
                        "actions": s.ActionSerializer(o.actions.all(), many=True).data,
                    }
                    for o in objectives.order_by("created_at", "id")
                ],
                "events": s.EventSerializer(
                    follow_up.events.order_by("-occurred_at", "-id")[:100], many=True
                ).data,
            }
        )


class MeExportViewSet(Base):
    """Every field of every record that refers to the person (as the JSON download of her space)."""

    perms = {"read": perms.is_person}

    serializer_class = serializers.Serializer

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request, **kwargs):
        me = get_object_or_404(Beneficiary, user=request.user, anonymised_at__isnull=True)
        return Response(export.export_data(me))
