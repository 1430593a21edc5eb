"""`/api/v1/exchange/posts/` (publish, read, `POST …/{id}/close/`) and `/api/v1/exchange/responses/`
(answer, read, `POST …/{id}/accept/` with the L1253-1 `path`, `POST …/{id}/decline/`). Posts never
name the publishing GE to other GEs."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from mutualis.accounts.tenancy import scoped
from mutualis.api.base import django_errors_to_api, set_membership
from mutualis.core.access import Perms
from mutualis.exchange import perms, selectors, services
from mutualis.exchange.models import Post, Response, ResponsePath
from mutualis.members.models import Member
from mutualis.territories.models import Territory


class PostSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    commune_code = serializers.CharField(source="commune_id", max_length=5)
    territories = serializers.SlugRelatedField(
        slug_field="public_id", many=True, required=False, queryset=Territory.objects.filter(is_active=True)
    )
    own = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = (
            "id",
            "kind",
            "job_title",
            "rome_code",
            "skills",
            "weekly_minutes",
            "windows",
            "commune_code",
            "description",
            "territories",
            "status",
            "expires_on",
            "own",
            "created_at",
        )
        read_only_fields = ("status", "expires_on", "created_at")

    def get_own(self, post) -> bool:
        membership = getattr(self.context.get("request"), "membership", None)
        return membership is not None and post.group_id == membership.group_id


class ResponseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    post = serializers.SlugRelatedField(slug_field="public_id", queryset=Post.objects.none())
    member = serializers.SlugRelatedField(
        slug_field="public_id", queryset=Member.objects.none(), required=False, allow_null=True
    )
    result_need = serializers.SlugRelatedField(slug_field="public_id", read_only=True)
    result_candidate = serializers.SlugRelatedField(slug_field="public_id", read_only=True)

    class Meta:
        model = Response
        fields = (
            "id",
            "post",
            "message",
            "weekly_minutes",
            "member",
            "status",
            "path",
            "result_need",
            "result_candidate",
            "decided_at",
            "created_at",
        )
        read_only_fields = ("status", "path", "decided_at", "created_at")

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        membership = getattr(request, "membership", None)
        if membership is not None:
            fields["post"].queryset = selectors.posts_for(membership)
            fields["member"].queryset = scoped(Member, membership)
        return fields


class DecisionSerializer(serializers.Serializer):
    path = serializers.ChoiceField(choices=ResponsePath.choices)


class _Base(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [Perms]
    lookup_field = "public_id"

    def initial(self, request, *args, **kwargs):
        set_membership(request)
        super().initial(request, *args, **kwargs)


def _own_post(membership, post):
    return perms.can_publish(membership) and post.group_id == membership.group_id


class PostViewSet(_Base):
    serializer_class = PostSerializer
    perms = {"read": perms.can_list_posts, "write": perms.can_publish}
    object_perms = {"close": _own_post}

    def get_queryset(self):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or membership is None:
            return Post.objects.none()
        return selectors.posts_for(membership).order_by("-created_at", "-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.publish_post(
                actor=self.request.user,
                group=self.request.membership.group,
                kind=data["kind"],
                job_title=data["job_title"],
                rome_code=data.get("rome_code", ""),
                skills=data.get("skills", ""),
                weekly_minutes=data["weekly_minutes"],
                windows=data.get("windows") or [],
                commune_code=data["commune_id"],
                description=data.get("description", ""),
                territories=data.get("territories"),
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc

    @extend_schema(request=None, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, public_id=None, **kwargs):
        post = services.close_post(actor=request.user, post=self.get_object())
        return ApiResponse(PostSerializer(post, context={"request": request}).data)


def _decide(membership, response):
    return perms.can_decide(membership, response)


class ResponseViewSet(_Base):
    serializer_class = ResponseSerializer
    perms = {"read": perms.can_list_posts, "write": perms.can_publish}
    object_perms = {"accept": _decide, "decline": _decide}

    def get_queryset(self):
        membership = getattr(self.request, "membership", None)
        if getattr(self, "swagger_fake_view", False) or membership is None:
            return Response.objects.none()
        return selectors.responses_for(membership).order_by("-created_at", "-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.respond(
                actor=self.request.user,
                group=self.request.membership.group,
                post=data["post"],
                message=data.get("message", ""),
                weekly_minutes=data.get("weekly_minutes"),
                member=data.get("member"),
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc

    @extend_schema(request=DecisionSerializer, responses=ResponseSerializer)
    @action(detail=True, methods=["post"], serializer_class=DecisionSerializer)
    def accept(self, request, public_id=None, **kwargs):
        response = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            response = services.accept(
                actor=request.user, response=response, path=serializer.validated_data["path"]
            )
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return ApiResponse(ResponseSerializer(response, context={"request": request}).data)

    @extend_schema(request=None, responses=ResponseSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, public_id=None, **kwargs):
        try:
            response = services.decline(actor=request.user, response=self.get_object())
        except DjangoValidationError as exc:
            raise django_errors_to_api(exc) from exc
        return ApiResponse(ResponseSerializer(response, context={"request": request}).data)


ROUTES = [
    ("exchange/posts", PostViewSet, "exchange-post"),
    ("exchange/responses", ResponseViewSet, "exchange-response"),
]
