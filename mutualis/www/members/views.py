"""GE staff pages for members (adhérents) and their sites; a member contact reads its own."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.core.access import ensure, has_membership, permission
from mutualis.employees import selectors as employee_selectors
from mutualis.members import geocoding, perms, selectors, services
from mutualis.members.models import Member, Site
from mutualis.www.tables import list_page

from .filters import MemberFilter, SiteFilter
from .forms import MemberForm, SiteForm, add_model_errors
from .tables import MemberTable, SiteTable


def _get_member(request, public_id):
    member = get_object_or_404(scoped(Member, request.membership), public_id=public_id)
    ensure(visible=perms.can_view_member(request.membership, member))
    return member


def _get_site(request, public_id):
    site = get_object_or_404(scoped(Site, request.membership).select_related("member"), public_id=public_id)
    ensure(visible=perms.can_view_site(request.membership, site))
    return site


def _save_with_service(form, service, **kwargs):
    """Call a write service with the form's values; map model errors back onto the form's fields."""
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
    try:
        return service(**kwargs, **fields)
    except ValidationError as exc:
        add_model_errors(form, exc)
        return None


READ_ONLY = _lazy("Votre rôle permet de consulter le registre, pas de le modifier.")


# Members ------------------------------------------------------------------------------------


@permission(perms.can_list_members)
def member_list(request):
    membership = request.membership
    public, total = selectors.public_body_share(request.current_group)
    return list_page(
        request,
        queryset=selectors.member_list(membership),
        filterset_class=MemberFilter,
        table_class=MemberTable,
        template="members/member_list.html",
        export_name="adherents",
        title=_("Adhérents"),
        context={
            "can_write": perms.can_write_registry(membership),
            "public_bodies": public,
            "active_members": total,
            "public_bodies_exceed_half": total > 0 and public * 2 > total,
        },
    )


@permission(perms.can_write_registry, visible=perms.is_staff, message=READ_ONLY)
def member_create(request):
    form = MemberForm(
        request.POST or None, group=request.current_group, instance=Member(group=request.current_group)
    )
    if request.method == "POST" and form.is_valid():
        member = _save_with_service(
            form, services.create_member, actor=request.user, group=request.current_group
        )
        if member is not None:
            messages.success(request, _("Adhérent « %(name)s » créé.") % {"name": member.name})
            return redirect("members:detail", public_id=member.public_id)
    return render(request, "members/member_form.html", {"form": form, "member": None})


@permission(has_membership)
def member_detail(request, public_id):
    membership = request.membership
    member = _get_member(request, public_id)
    staff = perms.is_staff(membership)
    context = {
        "member": member,
        "sites": selectors.member_sites(membership, member),
        "contacts": selectors.member_contacts(member),
        "contracts": employee_selectors.member_contracts(membership, member) if staff else None,
        "can_write": perms.can_edit_member(membership, member),
        "is_staff": staff,
    }
    return render(request, "members/member_detail.html", context)


@permission(perms.can_write_registry, visible=perms.is_staff, message=READ_ONLY)
def member_update(request, public_id):
    member = _get_member(request, public_id)
    shown = copy.copy(member)  # the page keeps showing the saved name while the form has errors
    form = MemberForm(request.POST or None, group=request.current_group, instance=member)
    # The form writes its values on `member`; the service validates, saves and journals them.
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_with_service(form, services.update_member, actor=request.user, member=member)
    ):
        messages.success(request, _("Adhérent « %(name)s » enregistré.") % {"name": member.name})
        return redirect("members:detail", public_id=member.public_id)
    return render(request, "members/member_form.html", {"form": form, "member": shown})


@require_POST
@permission(perms.can_write_registry, visible=perms.is_staff, message=READ_ONLY)
def member_archive(request, public_id):
    member = _get_member(request, public_id)
    services.archive_member(actor=request.user, member=member)
    messages.success(request, _("Adhérent « %(name)s » archivé.") % {"name": member.name})
    return redirect("members:detail", public_id=member.public_id)


@require_POST
@permission(perms.can_write_registry, visible=perms.is_staff, message=READ_ONLY)
def member_unarchive(request, public_id):
    member = _get_member(request, public_id)
    services.unarchive_member(actor=request.user, member=member)
    messages.success(request, _("Adhérent « %(name)s » désarchivé.") % {"name": member.name})
    return redirect("members:detail", public_id=member.public_id)


# Sites --------------------------------------------------------------------------------------


@permission(perms.can_list_members)
def site_list(request):
    return list_page(
        request,
        queryset=selectors.site_list(request.membership),
        filterset_class=SiteFilter,
        table_class=SiteTable,
        template="members/site_list.html",
        export_name="sites",
        title=_("Sites des adhérents"),
        context={"can_write": perms.can_write_registry(request.membership)},
    )


def _geocode_form(request, form):
    """The "Géocoder depuis l'adresse" button: look the address up and show the result, unsaved."""
    site = Site(
        address=form.cleaned_data.get("address", ""),
        postcode=form.cleaned_data.get("postcode", ""),
        city=form.cleaned_data.get("city", ""),
    )
    if geocoding.geocode_site(site):
        data = request.POST.copy()
        data["latitude"], data["longitude"] = str(site.latitude), str(site.longitude)
        messages.success(
            request, _("Coordonnées trouvées pour cette adresse : vérifiez-les puis enregistrez le site.")
        )
        return data
    messages.warning(
        request,
        _(
            "Le géocodeur n'a trouvé aucune coordonnée pour cette adresse. "
            "Vous pouvez saisir la latitude et la longitude à la main."
        ),
    )
    return None


def _site_form_page(request, *, form_factory, save, member, site):
    form = form_factory(request.POST or None)
    if request.method == "POST" and "geocode" in request.POST:
        if form.is_valid():
            data = _geocode_form(request, form)
            if data is not None:
                form = form_factory(data)
                form.is_valid()
    elif request.method == "POST" and form.is_valid():
        saved = save(form)
        if saved is not None:
            messages.success(request, _("Site « %(name)s » enregistré.") % {"name": saved.name})
            return redirect("members:site_detail", public_id=saved.public_id)
    return render(request, "members/site_form.html", {"form": form, "member": member, "site": site})


@permission(perms.can_write_registry, visible=perms.is_staff, message=READ_ONLY)
def site_create(request, public_id):
    member = _get_member(request, public_id)

    def form_factory(data):
        return SiteForm(data, instance=Site(group=member.group, member=member))

    def save(form):
        return _save_with_service(form, services.create_site, actor=request.user, member=member)

    return _site_form_page(request, form_factory=form_factory, save=save, member=member, site=None)


@permission(has_membership)
def site_detail(request, public_id):
    membership = request.membership
    site = _get_site(request, public_id)
    staff = perms.is_staff(membership)
    context = {
        "site": site,
        "member": site.member,
        "contracts": employee_selectors.site_contracts(membership, site) if staff else None,
        "can_write": perms.can_edit_site(membership, site),
    }
    return render(request, "members/site_detail.html", context)


@permission(perms.can_write_registry, visible=perms.is_staff, message=READ_ONLY)
def site_update(request, public_id):
    site = _get_site(request, public_id)

    def form_factory(data):
        return SiteForm(data, instance=site)

    def save(form):
        return _save_with_service(form, services.update_site, actor=request.user, site=site)

    return _site_form_page(request, form_factory=form_factory, save=save, member=site.member, site=site)


@require_POST
@permission(perms.can_write_registry, visible=perms.is_staff, message=READ_ONLY)
def site_archive(request, public_id):
    site = _get_site(request, public_id)
    services.archive_site(actor=request.user, site=site)
    messages.success(request, _("Site « %(name)s » archivé.") % {"name": site.name})
    return redirect("members:site_detail", public_id=site.public_id)


@require_POST
@permission(perms.can_write_registry, visible=perms.is_staff, message=READ_ONLY)
def site_unarchive(request, public_id):
    site = _get_site(request, public_id)
    services.unarchive_site(actor=request.user, site=site)
    messages.success(request, _("Site « %(name)s » désarchivé.") % {"name": site.name})
    return redirect("members:site_detail", public_id=site.public_id)
