"""Territory pages: the list, a territory (its communes, its GEs as each agreed), creating one
(territorial officers), and a GE's sharing agreements (its director)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.core.access import permission
from mutualis.territories import perms, selectors, services
from mutualis.territories.models import SharingAgreement, Territory
from mutualis.www.members.forms import add_model_errors

from .forms import SharingForm, TerritoryForm


def get_territory(request, public_id):
    territory = selectors.territory_for(request.membership, public_id)
    if territory is None:
        raise Http404
    return territory


@permission(perms.can_list_territories)
def territory_list(request):
    return render(
        request,
        "territories/list.html",
        {
            "territories": selectors.territories_for(request.membership),
            "can_create": perms.can_create_territory(request.membership),
            "can_share": perms.can_manage_sharing(request.membership),
        },
    )


@permission(perms.can_create_territory)
def territory_create(request):
    form = TerritoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            territory = services.create_territory(
                actor=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                source_code=form.cleaned_data["source_code"],
                commune_codes=form.codes(),
                organisation=request.membership.organisation,
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Territoire créé."))
            return redirect("territories:detail", public_id=territory.public_id)
    return render(request, "territories/form.html", {"form": form})


@permission(perms.can_list_territories)
def territory_detail(request, public_id):
    territory = get_territory(request, public_id)
    directory = selectors.sharing_groups(territory, "directory").order_by("name")
    # GE staff see how many GEs take part, not their names: a GE shares with the territorial
    # organisations, not with the other GEs.
    show_names = perms.is_officer(request.membership)
    return render(
        request,
        "territories/detail.html",
        {
            "territory": territory,
            "communes": territory.communes.order_by("name")[:30],
            "directory": directory if show_names else None,
            "directory_count": directory.count(),
            "organisations": territory.organisations.order_by("name"),
        },
    )


@permission(perms.can_manage_sharing)
def sharing(request):
    """The director's page: every territory, the GE's membership and what it shares with each."""
    group = request.membership.group
    agreements = {a.territory_id: a for a in SharingAgreement.objects.filter(group=group)}
    rows = []
    for territory in Territory.objects.filter(is_active=True).order_by("name"):
        agreement = agreements.get(territory.pk)
        initial = (
            {f: getattr(agreement, f) for f in services.SHARING_FIELDS}
            if agreement
            else {"exchange": True, "directory": True}
        )
        rows.append(
            {
                "territory": territory,
                "agreement": agreement,
                "form": SharingForm(initial=initial, prefix=str(territory.public_id)),
            }
        )
    return render(request, "territories/sharing.html", {"rows": rows})


@require_POST
@permission(perms.can_manage_sharing)
def sharing_save(request, public_id):
    territory = Territory.objects.filter(is_active=True, public_id=public_id).first()
    if territory is None:
        raise Http404
    form = SharingForm(request.POST, prefix=str(territory.public_id))
    if form.is_valid():
        if request.POST.get("leave"):
            services.leave_territory(actor=request.user, group=request.membership.group, territory=territory)
            messages.success(request, _("Le GE a quitté le territoire « %(name)s ».") % {"name": territory})
        else:
            services.set_sharing(
                actor=request.user, group=request.membership.group, territory=territory, **form.cleaned_data
            )
            messages.success(
                request, _("Accord de partage enregistré pour « %(name)s ».") % {"name": territory}
            )
    return redirect("territories:sharing")


@permission(perms.can_view_observatory)
def observatory(request, public_id):
    from django.utils import timezone

    from mutualis.territories import observatory as obs

    territory = get_territory(request, public_id)
    quarter = request.GET.get("trimestre") or obs.current_quarter(timezone.localdate())
    try:
        data = obs.indicators(territory, quarter)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        quarter = obs.current_quarter(timezone.localdate())
        data = obs.indicators(territory, quarter)
    export = request.GET.get("_export")
    if export in ("csv", "xlsx"):
        import tablib
        from django.http import HttpResponse

        dataset = tablib.Dataset(headers=[_("Indicateur"), _("Valeur")])
        for cell in data["cells"]:
            dataset.append([cell["label"], cell["marker"] or cell["value"]])
        content = dataset.export(export)
        response = HttpResponse(
            content,
            content_type="text/csv; charset=utf-8"
            if export == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="observatoire-{quarter}.{export}"'
        return response
    shown = [c for c in data["cells"] if not c["hidden"] and c["value"] is not None]
    top = max([float(c["value"]) for c in shown] or [1]) or 1
    for cell in data["cells"]:
        cell["bar"] = (
            0 if cell["hidden"] or cell["value"] is None else round(100 * float(cell["value"]) / top)
        )
    from django.utils.safestring import mark_safe

    from mutualis.geography import svg

    points = [
        {"lat": c.latitude, "lon": c.longitude}
        for c in territory.communes.filter(latitude__isnull=False).order_by("code")[:300]
    ]
    # The map shows the territory's communes (public reference data), never a GE's figures by place.
    territory_map = mark_safe(svg.render(points, title=territory.name)) if points else ""
    return render(
        request,
        "territories/observatory.html",
        {"territory": territory, "data": data, "quarter": quarter, "map": territory_map},
    )


@permission(perms.can_view_gpec)
def gpec(request, public_id):
    from django.http import HttpResponse
    from django.utils import timezone

    from mutualis.gpec import forecasts as gpec_module

    from .forms import ForecastImportForm

    territory = get_territory(request, public_id)
    year = timezone.localdate().year
    if request.GET.get("_export") == "xlsx":
        response = HttpResponse(
            gpec_module.export_xlsx(territory, year=year),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="gpec-{territory.public_id}.xlsx"'
        return response
    form = None
    if perms.can_import_forecasts(request.membership):
        form = ForecastImportForm(request.POST or None, request.FILES or None, initial={"year": year})
        if request.method == "POST" and form.is_valid():
            try:
                gpec_module.import_forecasts(
                    actor=request.user,
                    territory=territory,
                    name=form.cleaned_data["name"],
                    year=form.cleaned_data["year"],
                    content=form.cleaned_data["file"].read(),
                )
            except ValidationError as exc:
                add_model_errors(form, exc)
            else:
                messages.success(request, _("Fichier de prévisions importé."))
                return redirect("territories:gpec", public_id=territory.public_id)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "territories/gpec.html",
        {"territory": territory, "data": gpec_module.table(territory, year=year), "form": form, "year": year},
    )
