"""Helpers shared by the needs pages."""

from django.shortcuts import get_object_or_404

from mutualis.needs import selectors
from mutualis.needs.charts import week_chart
from mutualis.needs.models import (
    NeedKind,
)

from ..forms import (
    SERVICE_FIELD_ALIASES,
)

# --- helpers -------------------------------------------------------------------------------------


def get_need(request, public_id):
    return get_object_or_404(selectors.need_list(request.membership), public_id=public_id)


def get_run(request, public_id):
    return get_object_or_404(selectors.runs_visible_to(request.membership), public_id=public_id)


def add_service_errors(form, formsets, exc):
    """Show a service ValidationError on the field it names; slot and window errors on their formset."""
    for field, errors in exc.message_dict.items():
        name = SERVICE_FIELD_ALIASES.get(field, field)
        if name in formsets:
            formsets[name].service_errors = list(errors)
        elif name in form.fields:
            form.add_error(name, errors)
        else:
            form.add_error(None, errors)


def organisation_chart(need_list):
    """Week chart of an organisation's fixed needs (one colour per need), to see overlaps."""
    entries = []
    for need in need_list:
        if need.kind != NeedKind.FIXED:
            continue
        for slot in need.slots.all():
            entries.append(
                {"start": slot.start, "end": slot.end, "key": need.job_title, "label": need.job_title}
            )
    return week_chart(entries) if entries else None
