"""Local offer pages: the public search and map, a service's page, orienting a person, the orientations
sent and received, the structure's answer by link (no account), the structure staff's services, the
data·inclusion import with its dry-run report, the export, and the territory analysis."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.core.access import ensure, permission, public
from mutualis.geography import maps
from mutualis.geography import selectors as geo
from mutualis.geography.models import OutlineLevel
from mutualis.insertion import consents
from mutualis.insertion.enums import Part
from mutualis.insertion.models import Beneficiary
from mutualis.offer import exchange, perms, schema, selectors, services
from mutualis.offer.enums import ImportStatus, OrientationStatus, RefusalReason, ServiceStatus
from mutualis.offer.models import ImportRun, Service, Structure
from mutualis.www.members.forms import add_model_errors

from .forms import AnswerForm, ImportConfirmForm, ImportForm, OrientForm, SearchForm, ServiceForm

PER_PAGE = 30
LABELS = {
    "thematiques": schema.labels(schema.v1.Thematique),
    "publics": schema.labels(schema.v1.Public),
    "modes_accueil": schema.labels(schema.v1.ModeAccueil),
    "modes_mobilisation": schema.labels(schema.v1.ModeMobilisation),
    "mobilisable_par": schema.labels(schema.v1.PersonneMobilisatrice),
}


def _labels(service, name):
    return [LABELS[name].get(v, v) for v in getattr(service, name) or ()]


def _service_map(hits, label, commune=None):
    points = []
    for hit in hits:
        point = hit.service.point
        if point:
            points.append(
                {
                    "lat": point[0],
                    "lon": point[1],
                    "label": hit.service.nom,
                    "detail": hit.service.structure.nom,
                    "url": f"/offre/services/{hit.service.public_id}/",
                }
            )
    outlines = maps.default_outlines(points)
    highlight = [commune] if commune else []
    if commune:
        outlines.append(maps.outlines_url(OutlineLevel.COMMUNE, codes=[commune]))
    return maps.map_config(label=label, points=points, outlines=outlines, highlight=highlight)


@public
def search(request):
    form = SearchForm(request.GET)
    # `personne` is not a filter: it only follows the professional to the « orienter » form.
    hits, commune, searched = [], None, False
    if form.is_valid():
        data = form.cleaned_data
        searched = any(request.GET.get(k) for k in form.fields)
        commune = geo.commune(data["commune"]) if data["commune"] else None
        hits = selectors.search(
            commune=commune.code if commune else None,
            radius_km=data["rayon"],
            categories=[data["categorie"]] if data["categorie"] else (),
            publics=[data["public"]] if data["public"] else (),
            types=[data["type"]] if data["type"] else (),
            modes_accueil=[data["accueil"]] if data["accueil"] else (),
            frais=data["frais"] or None,
            text=data["q"],
        )
    page = Paginator(hits, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "offer/search.html",
        {
            "form": form,
            "page": page,
            "count": len(hits),
            "searched": searched,
            "commune": commune,
            "query": query.urlencode(),
            "geo_map": _service_map(
                page.object_list, _("Carte des services trouvés"), commune.code if commune else None
            ),
            "can_orient": perms.can_orient(getattr(request, "membership", None)),
            "personne": _person_param(request),
        },
    )


def _person_param(request):
    """The person being oriented, carried from her follow-up to the « orienter » form (a UUID)."""
    import uuid

    try:
        return str(uuid.UUID(request.GET.get("personne", "")))
    except ValueError:
        return ""


def _service(request, public_id):
    service = get_object_or_404(Service.objects.select_related("structure"), public_id=public_id)
    membership = getattr(request, "membership", None)
    if service.status != ServiceStatus.PUBLISHED and not perms.can_manage_structure(
        membership, service.structure
    ):
        raise Http404
    return service


@public
def service_detail(request, public_id):
    service = _service(request, public_id)
    membership = getattr(request, "membership", None)
    hits = [selectors.Hit(service, None)]
    return render(
        request,
        "offer/service.html",
        {
            "service": service,
            "labels": {name: _labels(service, name) for name in LABELS},
            "zones": geo.area_names(service.zone_eligibilite or ()).values(),
            "geo_map": _service_map(hits, _("Lieu du service")),
            "can_orient": perms.can_orient(membership) and service.accepts_orientations,
            "can_edit": perms.can_manage_structure(membership, service.structure),
            "can_request": perms.can_request_orientation(membership),
        },
    )


def _people(membership):
    ids = consents.visible_ids(membership, Part.IDENTITY)
    return Beneficiary.objects.filter(pk__in=ids).order_by("last_name", "first_name", "id")


@permission(perms.can_orient)
def orient(request, public_id):
    service = _service(request, public_id)
    membership = request.membership
    people = list(_people(membership))
    form = OrientForm(
        request.POST or None, people=people, initial={"beneficiary": request.GET.get("personne", "")}
    )
    if request.method == "POST" and form.is_valid():
        beneficiary = next(b for b in people if str(b.public_id) == form.cleaned_data["beneficiary"])
        try:
            orientation = services.orient(
                actor=request.user,
                membership=membership,
                service=service,
                beneficiary=beneficiary,
                message=form.cleaned_data["message"],
                consent_given_via=form.cleaned_data["consent_given_via"],
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Orientation envoyée : la structure reçoit un lien pour répondre."))
            return redirect("offer:orientation", public_id=orientation.public_id)
    return render(request, "offer/orient.html", {"service": service, "form": form})


@require_POST
@permission(perms.can_request_orientation)
def request_orientation(request, public_id):
    service = _service(request, public_id)
    me = get_object_or_404(
        Beneficiary.objects.select_related("follow_up"), user=request.user, anonymised_at__isnull=True
    )
    try:
        services.request_orientation(actor=request.user, beneficiary=me, service=service)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Votre demande est transmise à votre référent de parcours."))
    return redirect("offer:service", public_id=service.public_id)


@permission(perms.can_view_orientations)
def orientation_list(request):
    rows = selectors.orientations_visible(request.membership).order_by("-sent_at", "-id")
    status = request.GET.get("statut", "")
    if status in OrientationStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "offer/orientations.html",
        {"page": page, "status": status, "statuses": OrientationStatus.choices},
    )


@permission(perms.can_view_orientations)
def orientation_detail(request, public_id):
    orientation = get_object_or_404(selectors.orientations_visible(request.membership), public_id=public_id)
    membership = request.membership
    can_answer = (
        perms.can_answer_orientation(membership, orientation)
        and orientation.status == OrientationStatus.PENDING
    )
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        ensure(can_answer)
        if form.is_valid():
            try:
                _answer(form, orientation, actor=request.user)
            except ValidationError as exc:
                add_model_errors(form, exc)
            else:
                messages.success(request, _("Réponse enregistrée."))
                return redirect("offer:orientation", public_id=orientation.public_id)
    identity = None
    if consents.allows(membership, orientation.beneficiary, Part.IDENTITY):
        identity = {"name": str(orientation.beneficiary)}
    elif perms.is_receiver(membership, orientation):
        identity = services.shared_identity(orientation)
    return render(
        request,
        "offer/orientation.html",
        {
            "orientation": orientation,
            "identity": identity,
            "form": form if can_answer else None,
            "follow_up": getattr(orientation.beneficiary, "follow_up", None)
            if consents.allows(membership, orientation.beneficiary, Part.PLAN)
            else None,
        },
    )


def _answer(form, orientation, *, actor=None):
    data = form.cleaned_data
    if data["decision"] == "accept":
        return services.accept(orientation=orientation, answered_by=data["answered_by"], actor=actor)
    return services.refuse(
        orientation=orientation,
        reason=data["refusal_reason"],
        comment=data["refusal_comment"],
        answered_by=data["answered_by"],
        actor=actor,
    )


@public
def answer(request, token):
    """The receiving structure's page behind the e-mailed link: no account needed."""
    orientation = services.orientation_from_token(token)
    if orientation is None:
        raise Http404
    if orientation == "expired":
        return render(request, "offer/answer.html", {"expired": True, "orientation": None}, status=410)
    expired = orientation.status == OrientationStatus.EXPIRED or (
        orientation.status == OrientationStatus.PENDING and timezone.now() >= orientation.expires_at
    )
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not expired and form.is_valid():
        try:
            _answer(form, orientation)
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            return redirect("offer:answer", token=token)
    return render(
        request,
        "offer/answer.html",
        {
            "orientation": orientation,
            "expired": expired,
            "identity": services.shared_identity(orientation),
            "form": form if orientation.status == OrientationStatus.PENDING and not expired else None,
        },
        status=410 if expired else 200,
    )


# --- Structure staff -----------------------------------------------------------------------------


def _my_structures(membership):
    return Structure.objects.filter(organisation_id=membership.organisation_id).order_by("nom", "id")


@permission(perms.is_structure_staff)
def my_services(request):
    structures = _my_structures(request.membership)
    rows = Service.objects.filter(structure__in=structures).select_related("structure").order_by("nom", "id")
    return render(request, "offer/my_services.html", {"structures": structures, "services": rows})


@permission(perms.is_structure_staff)
def service_edit(request, public_id=None):
    membership = request.membership
    structures = _my_structures(membership)
    if public_id:
        service = get_object_or_404(Service.objects.select_related("structure"), public_id=public_id)
        ensure(visible=perms.can_manage_structure(membership, service.structure))
    else:
        if not structures.exists():
            raise Http404
        service = Service(source="mutualis")
    form = ServiceForm(request.POST or None, instance=service, structures=structures)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.save_service(actor=request.user, service=form.save(commit=False))
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Service enregistré."))
            return redirect("offer:service", public_id=service.public_id)
    return render(request, "offer/service_form.html", {"form": form, "service": service})


# --- Import, export, analysis --------------------------------------------------------------------


@permission(perms.can_import)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
            run, _report = exchange.run_import(
                text=text, name=upload.name, dry_run=True, user=request.user, membership=request.membership
            )
        except UnicodeDecodeError:
            form.add_error("file", _("Le fichier doit être encodé en UTF-8."))
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("offer:import", public_id=run.public_id)
    runs = ImportRun.objects.filter(group=request.current_group).order_by("-created_at", "-id")[:20]
    return render(request, "offer/import_upload.html", {"form": form, "runs": runs})


@permission(perms.can_import)
def import_detail(request, public_id):
    run = get_object_or_404(ImportRun.objects.filter(group=request.current_group), public_id=public_id)
    form = ImportConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ensure(run.status == ImportStatus.CHECKED, message=_("Ce fichier est déjà importé."))
        try:
            done, _report = exchange.run_import(
                text=run.content,
                name=run.original_name,
                fmt=run.format,
                dry_run=False,
                good_rows_only=form.cleaned_data["good_rows_only"],
                user=request.user,
                membership=request.membership,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Import terminé."))
            return redirect("offer:import", public_id=done.public_id)
    return render(request, "offer/import_detail.html", {"run": run, "form": form})


@public
def export(request):
    """Our published offer in the data·inclusion shape: JSON (both lists) or CSV (one list)."""
    published = Service.objects.published()
    fmt = request.GET.get("format", "json")
    if fmt == "csv":
        kind = request.GET.get("liste", "services")
        if kind not in (exchange.STRUCTURES, exchange.SERVICES):
            raise Http404
        response = HttpResponse(exchange.export_csv(kind, published), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="offre-{kind}.csv"'
        return response
    response = HttpResponse(exchange.export_json(published), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="offre.json"'
    return response


@permission(perms.can_view_analysis)
def analysis(request):
    data = selectors.analysis()
    reasons = dict(RefusalReason.choices)
    statuses = dict(OrientationStatus.choices)
    return render(
        request,
        "offer/analysis.html",
        {
            **data,
            "by_status": [(statuses.get(k, k), v) for k, v in sorted(data["by_status"].items())],
            "by_reason": [
                (reasons.get(k, k), v) for k, v in sorted(data["by_reason"].items(), key=lambda kv: -kv[1])
            ],
        },
    )


@require_POST
@permission(perms.is_structure_staff)
def service_status(request, public_id):
    service = get_object_or_404(Service.objects.select_related("structure"), public_id=public_id)
    ensure(visible=perms.can_manage_structure(request.membership, service.structure))
    try:
        services.set_status(actor=request.user, service=service, status=request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("offer:my_services")
