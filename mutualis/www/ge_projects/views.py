"""GE project pages: the list, a new project, the census (employers' answers), the feasibility study
(page and PDF) and « Créer le GE »."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutualis.core.access import ensure, permission
from mutualis.ge_projects import perms, selectors, services
from mutualis.ge_projects import study as study_module
from mutualis.ge_projects.models import ProjectEmployer, ProjectStatus
from mutualis.territories import selectors as territory_selectors
from mutualis.www.members.forms import add_model_errors

from .forms import CreateGroupForm, EmployerForm, ProjectForm, StudyForm


def _get(request, public_id):
    project = selectors.projects_for(request.membership).filter(public_id=public_id).first()
    if project is None:
        raise Http404
    ensure(perms.can_run_project(request.membership, project))
    return project


@permission(perms.can_list_projects)
def project_list(request):
    return render(request, "ge_projects/list.html", {"projects": selectors.projects_for(request.membership)})


@permission(perms.can_list_projects)
def project_create(request):
    territories = list(territory_selectors.territories_for(request.membership))
    opens, closes = services.default_census_dates()
    form = ProjectForm(
        request.POST or None,
        territories=territories,
        initial={"census_opens_on": opens, "census_closes_on": closes},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.create_project(
                actor=request.user,
                organisation=request.membership.organisation,
                territory=form.territories[data["territory"]],
                name=data["name"],
                description=data["description"],
                census_opens_on=data["census_opens_on"],
                census_closes_on=data["census_closes_on"],
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Projet créé : enregistrez les réponses des employeurs."))
            return redirect("ge_projects:detail", public_id=project.public_id)
    return render(request, "ge_projects/form.html", {"form": form})


@permission(perms.can_list_projects)
def project_detail(request, public_id):
    project = _get(request, public_id)
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            needs = services.parse_need_lines(data.pop("needs"))
            services.add_employer(actor=request.user, project=project, needs=needs, **data)
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Réponse de %(name)s enregistrée.") % {"name": data["name"]})
            return redirect("ge_projects:detail", public_id=project.public_id)
    employers = project.employers.select_related("commune").prefetch_related("needs")
    return render(
        request,
        "ge_projects/detail.html",
        {"project": project, "employers": employers, "form": form, "open": project.group_id is None},
    )


@require_POST
@permission(perms.can_list_projects)
def employer_remove(request, public_id, employer_id):
    project = _get(request, public_id)
    employer = ProjectEmployer.objects.filter(project=project, public_id=employer_id).first()
    if employer is None:
        raise Http404
    try:
        services.remove_employer(actor=request.user, employer=employer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("ge_projects:detail", public_id=project.public_id)


@permission(perms.can_list_projects)
def project_study(request, public_id):
    project = _get(request, public_id)
    initial = {name: getattr(project, name) for name in StudyForm.base_fields}
    form = StudyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_study_parameters(actor=request.user, project=project, **form.cleaned_data)
            services.run_study(actor=request.user, project=project)
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(request, _("Étude de faisabilité calculée."))
            return redirect("ge_projects:study", public_id=project.public_id)
    project.refresh_from_db()
    return render(
        request,
        "ge_projects/study.html",
        {
            "project": project,
            "form": form,
            "study": study_module.study(project) if project.plan else None,
            "open": project.group_id is None,
        },
    )


@permission(perms.can_list_projects)
def project_study_pdf(request, public_id):
    project = _get(request, public_id)
    if not project.plan:
        raise Http404
    response = HttpResponse(study_module.study_pdf(project), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="etude-faisabilite-{project.public_id}.pdf"'
    return response


@permission(perms.can_list_projects)
def project_create_group(request, public_id):
    project = _get(request, public_id)
    if project.status == ProjectStatus.CREATED:
        messages.info(request, _("Le GE de ce projet est déjà créé."))
        return redirect("ge_projects:detail", public_id=project.public_id)
    form = CreateGroupForm(request.POST or None, initial={"name": project.name, "legal_form": "association"})
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(
                actor=request.user,
                project=project,
                invitation_url=request.build_absolute_uri,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_model_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Le GE « %(name)s » est créé avec ses adhérents et leurs besoins ; la direction est invitée."
                )
                % {"name": group.name},
            )
            return redirect("ge_projects:detail", public_id=project.public_id)
    return render(request, "ge_projects/create_group.html", {"project": project, "form": form})
