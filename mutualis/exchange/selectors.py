from mutualis.accounts.tenancy import scoped
from mutualis.needs.timeline import format_duration, summarise

from .models import Post, PostKind, PostStatus, Response


def posts_for(membership):
    return scoped(Post, membership).select_related("commune", "group").prefetch_related("territories")


def responses_for(membership):
    return scoped(Response, membership).select_related("post", "group", "result_need", "result_candidate")


def describe(post):
    return {
        "hours": format_duration(post.weekly_minutes),
        "windows": summarise([tuple(w) for w in post.windows]) if post.windows else "",
    }


def matches(membership, post):
    """Open posts of the other kind in the same job family (ROME letter + 2 digits) whose hours fit:
    free hours against unfilled needs, for the poster to look at."""
    other = PostKind.UNFILLED_NEED if post.kind == PostKind.FREE_HOURS else PostKind.FREE_HOURS
    qs = posts_for(membership).filter(kind=other, status=PostStatus.OPEN).exclude(pk=post.pk)
    if post.rome_code:
        qs = qs.filter(rome_code__startswith=post.rome_code[:3])
    else:
        qs = qs.filter(job_title__iexact=post.job_title)
    if post.kind == PostKind.FREE_HOURS:
        qs = qs.filter(weekly_minutes__lte=post.weekly_minutes)
    else:
        qs = qs.filter(weekly_minutes__gte=post.weekly_minutes)
    return qs.order_by("expires_on", "id")
