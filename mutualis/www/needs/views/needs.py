"""Pages of needs: list, form (week editor), detail, withdraw, import; accepted positions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mutualis.core.access import ensure, has_membership, permission
from mutualis.imports.reading import ImportFileError, read_table
from mutualis.needs import importing, perms, selectors, services
from mutualis.needs.charts import week_chart
from mutualis.needs.instance import organisation_key
from mutualis.needs.models import (
    Need,
    NeedKind,
    NeedStatus,
)
from mutualis.needs.timeline import describe, format_duration
from mutualis.www.tables import list_page

from ..filters import NeedFilter
from ..forms import (
    NeedForm,
    NeedImportForm,
    TimeRangeFormSet,
    format_weeks,
    initial_ranges,
)
from ..tables import NeedTable, weekly_minutes
from .common import add_service_errors, get_need, organisation_chart

# --- needs ---------------------------------------------------------------------------------------


@permission(perms.can_list_needs)
@require_GET
def need_list(request):
    membership = request.membership
    return list_page(
        request,
        queryset=selectors.need_list(membership),
        filterset_class=NeedFilter,
        table_class=NeedTable,
        template="needs/need_list.html",
        export_name="besoins",
        title=_("Besoins"),
        context={
            "can_declare": perms.can_declare_needs(membership),
            "can_run": perms.can_run_consolidation(membership),
        },
    )


def _need_form_page(request, need=None):
    membership = request.membership
    instance = need or Need(group=request.current_group)
    data = request.POST if request.method == "POST" else None
    form = NeedForm(data, instance=instance, membership=membership)
    slot_initial = initial_ranges((s.start, s.end) for s in need.slots.all()) if need else None
    window_initial = initial_ranges((w.start, w.end) for w in need.windows.all()) if need else None
    formsets = {
        "slots": TimeRangeFormSet(data, prefix="slots", initial=slot_initial),
        "windows": TimeRangeFormSet(data, prefix="windows", initial=window_initial),
    }
    if request.method == "POST":
        valid = form.is_valid() & formsets["slots"].is_valid() & formsets["windows"].is_valid()
        if valid:
            fields = form.service_fields()
            flexible = fields["kind"] == NeedKind.FLEXIBLE
            schedule = {
                "slots": [] if flexible else formsets["slots"].ranges(),
                "windows": formsets["windows"].ranges() if flexible else [],
            }
            try:
                if need is None:
                    need = services.create_need(
                        actor=request.user,
                        group=request.current_group,
                        skills=form.cleaned_data["skills"],
                        **schedule,
                        **fields,
                    )
                    messages.success(request, _("Besoin « %(job)s » enregistré.") % {"job": need.job_title})
                else:
                    if need.status not in (NeedStatus.DRAFT, NeedStatus.OPEN):
                        fields.pop("status")
                    need = services.update_need(
                        actor=request.user,
                        need=need,
                        skills=form.cleaned_data["skills"],
                        **schedule,
                        **fields,
                    )
                    messages.success(request, _("Besoin modifié."))
                return redirect("needs:detail", public_id=need.public_id)
            except ValidationError as exc:
                add_service_errors(form, formsets, exc)
    return render(
        request,
        "needs/need_form.html",
        {
            "form": form,
            "slot_formset": formsets["slots"],
            "window_formset": formsets["windows"],
            "need": need,
            "other_slots": _other_slots(membership, need),
            "iso_weeks": range(1, 54),
        },
    )


def _other_slots(membership, need):
    """The fixed slots of the member's other live needs, drawn in grey by the week editor."""
    member_id = need.member_id if need is not None else membership.member_id
    if member_id is None:
        return []
    others = selectors.need_list(membership).live().filter(member_id=member_id, kind=NeedKind.FIXED)
    if need is not None:
        others = others.exclude(pk=need.pk)
    return [{"start": s.start, "end": s.end, "label": n.job_title} for n in others for s in n.slots.all()]


@permission(perms.can_declare_needs)
def need_create(request):
    return _need_form_page(request)


@permission(has_membership)
def need_update(request, public_id):
    need = get_need(request, public_id)
    ensure(perms.can_edit_need(request.membership, need), message=_("Vous ne pouvez pas modifier ce besoin."))
    return _need_form_page(request, need)


@permission(has_membership)
@require_GET
def need_detail(request, public_id):
    membership = request.membership
    need = get_need(request, public_id)
    siblings = []
    if need.member_id:
        siblings = list(
            selectors.need_list(membership)
            .live()
            .filter(member_id=need.member_id)
            .order_by("created_at", "id")
        )
    return render(
        request,
        "needs/need_detail.html",
        {
            "need": need,
            "hours": format_duration(weekly_minutes(need)),
            "schedule": [describe(s.start, s.end) for s in need.slots.all()],
            "windows": [describe(w.start, w.end) for w in need.windows.all()],
            "weeks": format_weeks(need.weeks),
            "block_min": format_duration(need.min_block_minutes) if need.min_block_minutes else "",
            "block_max": format_duration(need.max_block_minutes) if need.max_block_minutes else "",
            "chart": organisation_chart(siblings),
            "can_edit": perms.can_edit_need(membership, need),
            "positions": need.positions.all(),
        },
    )


@permission(has_membership)
@require_POST
def need_withdraw(request, public_id):
    need = get_need(request, public_id)
    ensure(perms.can_edit_need(request.membership, need))
    services.withdraw_need(actor=request.user, need=need)
    messages.success(request, _("Besoin retiré."))
    return redirect("needs:detail", public_id=need.public_id)


@permission(perms.can_run_consolidation, visible=perms.is_staff)
def need_import(request):
    """Import needs from a file: every bad line listed with its number; saved only as chosen."""
    form = NeedImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload, upload.name)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            result = importing.import_needs(
                group=request.current_group, actor=request.user, table=table, mode=form.cleaned_data["mode"]
            )
            if result.saved:
                messages.success(request, _("%(n)s besoins importés.") % {"n": result.created})
    return render(
        request, "needs/need_import.html", {"form": form, "result": result, "columns": importing.COLUMNS}
    )


# --- positions -----------------------------------------------------------------------------------


@permission(perms.can_list_positions)
@require_GET
def position_list(request):
    positions = selectors.positions_visible_to(request.membership).select_related("run")[:200]
    return render(request, "needs/position_list.html", {"positions": positions})


@permission(perms.can_list_positions)
@require_GET
def position_detail(request, public_id):
    position = get_object_or_404(selectors.positions_visible_to(request.membership), public_id=public_id)
    needs = {str(n.public_id): n for n in position.needs.select_related("member", "declaration", "site")}
    entries = [
        {
            "start": item["start"],
            "end": item["end"],
            "key": organisation_key(needs[item["need"]]),
            "label": needs[item["need"]].job_title,
        }
        for item in position.schedule
        if item["need"] in needs
    ]
    chart = week_chart(entries)
    names = {organisation_key(n): n.organisation_name for n in needs.values()}
    for row in chart["legend"]:
        row["name"] = names.get(row["key"], "?")
    rows = [
        {"when": describe(item["start"], item["end"]), "need": needs[item["need"]]}
        for item in position.schedule
        if item["need"] in needs
    ]
    return render(request, "needs/position_detail.html", {"position": position, "chart": chart, "rows": rows})
