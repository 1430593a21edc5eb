from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutualis.core.access import ensure, permission, signed_in
from mutualis.imports import services
from mutualis.imports.kinds import columns
from mutualis.imports.models import ImportKind, ImportStatus
from mutualis.imports.perms import can_import, can_view_imports
from mutualis.imports.reading import ImportFileError
from mutualis.imports.samples import FORMATS, template_file
from mutualis.imports.selectors import batches_visible_to
from mutualis.members import selectors as member_selectors

from .forms import UploadForm

HISTORY_PAGE_SIZE = 20
ERRORS_PAGE_SIZE = 100
# Non-staff see that the page exists (403), as before; the accountant reads but does not import.
STAFF_ONLY = _lazy("Les imports sont réservés à l'équipe du groupement.")
READ_ONLY = _lazy("Votre rôle permet de consulter les imports, pas d'en lancer.")


def _get_batch(request, public_id):
    return get_object_or_404(batches_visible_to(request.membership), public_id=public_id)


@permission(can_view_imports, visible=signed_in, message=STAFF_ONLY)
@require_http_methods(["GET", "POST"])
def import_list(request):
    allowed = can_import(request.membership)
    form = UploadForm()
    if request.method == "POST":
        ensure(allowed, message=READ_ONLY)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                batch = services.create_batch(
                    group=request.current_group,
                    owner=request.user,
                    kind=form.cleaned_data["kind"],
                    uploaded_file=form.cleaned_data["file"],
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("imports:detail", public_id=batch.public_id)
    page = Paginator(batches_visible_to(request.membership), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    kinds = [
        {"value": value, "label": label, "columns": columns(value)} for value, label in ImportKind.choices
    ]
    return render(
        request,
        "imports/list.html",
        {"form": form, "can_import": allowed, "page": page, "kinds": kinds, "formats": list(FORMATS)},
        status=400 if form.errors else 200,
    )


@permission(can_view_imports, visible=signed_in, message=STAFF_ONLY)
@require_GET
def import_template(request, kind, fmt):
    if kind not in ImportKind.values or fmt not in FORMATS:
        raise Http404
    response = HttpResponse(template_file(kind, fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="modele-import-{kind}.{fmt}"'
    return response


@permission(can_view_imports, visible=signed_in, message=STAFF_ONLY)
@require_GET
def import_detail(request, public_id):
    batch = services.reap_batch(_get_batch(request, public_id))
    errors = Paginator(batch.errors if batch.status == ImportStatus.READY else [], ERRORS_PAGE_SIZE)
    running = batch.status in (ImportStatus.VALIDATING, ImportStatus.IMPORTING) and batch.job is not None
    return render(
        request,
        "imports/detail.html",
        {
            "batch": batch,
            "errors_page": errors.get_page(request.GET.get("page")),
            "running": running,
            "can_confirm": can_import(request.membership) and batch.can_be_confirmed,
            "can_retry": can_import(request.membership) and services.can_retry(batch),
        },
    )


@permission(can_view_imports, visible=signed_in, message=STAFF_ONLY)
@require_POST
def import_retry(request, public_id):
    """« Relancer » a check or an import that failed (its worker died…): the same file, the same job."""
    batch = _get_batch(request, public_id)
    ensure(can_import(request.membership), message=READ_ONLY)
    try:
        services.retry_batch(batch=batch, actor=request.user)
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.info(request, _("L'import est relancé en tâche de fond ; suivez son avancement ci-dessous."))
    return redirect("imports:detail", public_id=batch.public_id)


@permission(can_view_imports, visible=signed_in, message=STAFF_ONLY)
@require_POST
def import_confirm(request, public_id):
    batch = _get_batch(request, public_id)
    ensure(can_import(request.membership), message=READ_ONLY)
    only_valid = request.POST.get("only_valid") == "1"
    try:
        done_now = services.confirm_import(batch=batch, actor=request.user, only_valid=only_valid)
    except services.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("imports:detail", public_id=batch.public_id)
    batch.refresh_from_db()
    if not done_now:
        messages.info(request, _("L'import se poursuit en tâche de fond ; suivez son avancement ci-dessous."))
    elif batch.status == ImportStatus.IMPORTED:
        messages.success(request, _("%(count)s lignes importées.") % {"count": batch.imported_rows})
        if batch.kind == ImportKind.MEMBERS and member_selectors.public_bodies_exceed_half(batch.group):
            messages.warning(
                request,
                _(
                    "Attention : les personnes publiques dépassent maintenant la moitié des adhérents, "
                    "ce qu'interdit la loi pour un groupement mixte."
                ),
            )
    else:
        messages.warning(
            request,
            _(
                "Les données du groupement ont changé depuis la vérification : rien n'a été importé, relisez l'aperçu."
            ),
        )
    return redirect("imports:detail", public_id=batch.public_id)
