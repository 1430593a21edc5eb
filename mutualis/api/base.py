"""What every API view shares: the membership it acts as, scoped querysets, the `Perms` checks.

Authentication is DRF's (token or session). Right after it, `initial` resolves the membership the
request acts as — the one named by the `X-Mutualis-Organisation` header (or `?organisation=`),
else the user's first — and sets `request.membership`, `request.current_group` and `request.role`
as the web middleware does for pages. Querysets come only from `scoped(Model, membership)`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from mutualis.accounts.tenancy import resolve_membership, scoped
from mutualis.core.access import Perms

ORGANISATION_HEADER = "X-Mutualis-Organisation"
ORGANISATION_PARAM = "organisation"


def set_membership(request):
    """Resolve and attach the membership an API request acts as (None without one)."""
    wanted = request.headers.get(ORGANISATION_HEADER) or request.query_params.get(ORGANISATION_PARAM)
    membership = resolve_membership(request.user, wanted=wanted)
    if wanted and (membership is None or str(membership.public_id) != str(wanted).strip()):
        # Never fall back silently: a script would act in an organisation it did not choose.
        raise PermissionDenied(_("L'organisation demandée ne fait pas partie de vos rattachements."))
    for target in (request, request._request):
        target.membership = membership
        target.current_group = membership.group if membership else None
        target.current_organisation = membership.organisation if membership else None
        target.role = membership.role if membership else None
    return membership


def django_errors_to_api(exc: DjangoValidationError):
    """A model/service ValidationError as DRF field errors (French messages, keyed by field)."""
    if hasattr(exc, "error_dict"):
        detail = {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    else:
        detail = {"non_field_errors": [str(m) for m in exc.messages]}
    return ApiValidationError(detail)


class TenantViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    # A registry resource: list, retrieve, create, update; DELETE archives (sets `archived_at`).
    #
    # Subclasses set `model`, `serializer_class`, `filterset_class`, the perms function of who reads
    # the resource at all (`readers`, a staticmethod; others get empty lists and 404), the `Perms`
    # permission class with its `perms` dict (mutualis/core/access.py) and, for writes, implement
    # `create_object(data)`, `update_object(obj, data)` and `archive_object(obj)` with the domain
    # services.
    # (A comment, not a docstring: drf-spectacular would publish it on every operation.)

    model: type[Model]
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
    permission_classes = [Perms]
    # Writes: `perms` maps an action or "write" to a perms function (none given: writes refused).
    perms: dict = {}
    # Reads: `readers`, a perms function (as a staticmethod); nobody when unset.
    readers = None
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)

    # --- Reads -------------------------------------------------------------------------------

    def base_queryset(self):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or membership is None:
            return self.model._default_manager.none()
        if self.readers is None or not self.readers(membership):
            return self.model._default_manager.none()
        return scoped(self.model, membership)

    def get_queryset(self):
        return self.optimise(self.base_queryset())

    def optimise(self, qs):
        """select_related / prefetch_related for the serializer (no N+1)."""
        return qs

    # --- Writes ------------------------------------------------------------------------------

    def perform_create(self, serializer):
        try:
            serializer.instance = self.create_object(dict(serializer.validated_data))
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc

    def perform_update(self, serializer):
        try:
            serializer.instance = self.update_object(serializer.instance, dict(serializer.validated_data))
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc

    def destroy(self, request, *args, **kwargs):
        """Archive (set `archived_at`); nothing is deleted. The object stays readable."""
        self.archive_object(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def create_object(self, data):
        raise NotImplementedError

    def update_object(self, obj, data):
        raise NotImplementedError

    def archive_object(self, obj):
        raise NotImplementedError

    @property
    def actor(self):
        return self.request.user

    @property
    def group(self):
        return self.request.membership.group


class ScopedRelatedField(serializers.SlugRelatedField):
    """A related object by its public id, chosen only among the rows the request's membership sees.

    Another GE's object (or another member's, for a restricted role) is "unknown", exactly like a
    missing one: the API never confirms that a foreign id exists.
    """

    default_error_messages = {
        "does_not_exist": _("Aucun objet « {value} » parmi ceux de votre organisation."),
        "invalid": _("Identifiant invalide."),
    }

    def __init__(self, model, slug_field="public_id", **kwargs):
        self.model = model
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", model._default_manager.none())
        super().__init__(slug_field=slug_field, **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return scoped(self.model, getattr(request, "membership", None))

    def to_internal_value(self, data):
        if self.slug_field == "public_id":
            import uuid

            try:
                data = uuid.UUID(str(data))
            except (TypeError, ValueError, AttributeError):
                self.fail("invalid")
        return super().to_internal_value(data)
