"""Job-exchange pages: the posts of the GE's territories, publishing, a post with its answers, the
decision on an answer (with the L1253-1 step made explicit)."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.core.access import ensure, permission
from mutualis.exchange import perms, selectors, services
from mutualis.exchange.models import PostKind
from mutualis.members.models import Member
from mutualis.needs.importing import LineError, parse_ranges
from mutualis.www.members.forms import add_model_errors

from .forms import DecisionForm, PostForm, ResponseForm


def _minutes(hours):
    return int(Decimal(hours) * 60) if hours is not None else None


@permission(perms.can_list_posts)
def post_list(request):
    posts = selectors.posts_for(request.membership).order_by("-created_at", "-id")
    mine = [p for p in posts if p.group_id == request.membership.group_id]
    others = [p for p in posts if p.group_id != request.membership.group_id]
    return render(
        request,
        "exchange/list.html",
        {"mine": mine, "others": others, "can_publish": perms.can_publish(request.membership)},
    )


@permission(perms.can_publish)
def post_create(request):
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            try:
                windows = parse_ranges(data["windows"], "windows")
            except LineError as exc:
                raise ValidationError({"windows": exc.message}) from exc
            post = services.publish_post(
                actor=request.user,
                group=request.membership.group,
                kind=data["kind"],
                job_title=data["job_title"],
                rome_code=data["rome_code"].upper(),
                skills=data["skills"],
                weekly_minutes=_minutes(data["weekly_hours"]),
                windows=windows,
                commune_code=data["commune_code"],
                description=data["description"],
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Annonce publiée pour 90 jours aux GE de vos territoires."))
            return redirect("exchange:detail", public_id=post.public_id)
    return render(request, "exchange/form.html", {"form": form})


def _post(request, public_id):
    post = selectors.posts_for(request.membership).filter(public_id=public_id).first()
    if post is None:
        raise Http404
    return post


@permission(perms.can_list_posts)
def post_detail(request, public_id):
    post = _post(request, public_id)
    membership = request.membership
    own = post.group_id == membership.group_id
    members = scoped(Member, membership).active().order_by("name") if post.kind == PostKind.FREE_HOURS else []
    form = None
    if not own and perms.can_respond(membership, post):
        form = ResponseForm(request.POST or None, members=members)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.respond(
                    actor=request.user,
                    group=membership.group,
                    post=post,
                    message=data["message"],
                    weekly_minutes=_minutes(data["weekly_hours"]),
                    member=form.members.get(data["member"]),
                )
            except ValidationError as exc:
                add_model_errors(form, exc)
            else:
                messages.success(request, _("Réponse envoyée au GE qui publie l'annonce."))
                return redirect("exchange:detail", public_id=post.public_id)
    elif request.method == "POST":
        ensure(False, message=_("Un GE ne répond pas à sa propre annonce."))
    responses = selectors.responses_for(membership).filter(post=post)
    if not own:
        responses = responses.filter(group_id=membership.group_id)
    return render(
        request,
        "exchange/detail.html",
        {
            "post": post,
            "own": own,
            "form": form,
            "responses": responses,
            "decision_form": DecisionForm() if own and perms.can_publish(membership) else None,
            "matches": selectors.matches(membership, post) if own else [],
            "text": selectors.describe(post),
        },
    )


@require_POST
@permission(perms.can_publish)
def response_decide(request, public_id):
    response = selectors.responses_for(request.membership).filter(public_id=public_id).first()
    if response is None:
        raise Http404
    ensure(perms.can_decide(request.membership, response))
    try:
        if request.POST.get("decline"):
            services.decline(actor=request.user, response=response)
            messages.success(request, _("Réponse déclinée."))
        else:
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"path": _("Choisissez la suite donnée (art. L1253-1).")})
            services.accept(actor=request.user, response=response, path=form.cleaned_data["path"])
            messages.success(request, _("Réponse acceptée."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("exchange:detail", public_id=response.post.public_id)


@require_POST
@permission(perms.can_publish)
def post_close(request, public_id):
    post = _post(request, public_id)
    ensure(post.group_id == request.membership.group_id)
    services.close_post(actor=request.user, post=post)
    messages.success(request, _("Annonce close."))
    return redirect("exchange:list")
