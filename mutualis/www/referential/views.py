"""The referential's pages: the GE's skills (shipped and its own) and the pickers' option lists."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mutualis.core.access import has_membership, permission
from mutualis.employees import perms as employee_perms
from mutualis.employees.models import SkillKind
from mutualis.referential import selectors, services
from mutualis.www.members.forms import add_model_errors


@permission(has_membership)
def job_options(request):
    """`<option>`s of the job picker's datalist for what was typed (any parameter name)."""
    query = next(iter(request.GET.values()), "")
    return render(request, "referential/_job_options.html", {"jobs": selectors.job_choices(query)})


@permission(has_membership)
def skill_options(request):
    """The checkboxes of a skill picker: ticked ones first, then those matching the search."""
    field = request.GET.get("field", "skills")
    kind = request.GET.get("kind") or None
    group = request.membership.group
    ticked = [v for v in request.GET.getlist(field) if v.isdigit()]
    chosen = list(selectors.skills_for(group).filter(pk__in=ticked).order_by("kind", "label"))
    matches = [
        s
        for s in selectors.skill_choices(group, request.GET.get("q", ""), kind)
        if s.pk not in {c.pk for c in chosen}
    ]
    widget = forms.CheckboxSelectMultiple(
        choices=[(s.pk, _skill_label(s, kind)) for s in [*chosen, *matches]]
    )
    html = widget.render(field, [s.pk for s in chosen], attrs={"id": request.GET.get("id", f"id_{field}")})
    return render(
        request, "referential/_skill_options.html", {"html": html, "empty": not (chosen or matches)}
    )


def _skill_label(skill, kind):
    return skill.label if kind else f"{skill.label} ({skill.get_kind_display().lower()})"


class SkillForm(forms.Form):
    label = forms.CharField(label=_lazy("Libellé de la compétence"), max_length=200)
    kind = forms.ChoiceField(label=_lazy("Type"), choices=SkillKind.choices)


@permission(employee_perms.can_list_employees)
def skills(request):
    membership = request.membership
    form = SkillForm(request.POST or None)
    can_write = employee_perms.can_write_registry(membership)
    if request.method == "POST":
        if not can_write:
            _forbidden()
        if form.is_valid():
            try:
                skill = services.create_group_skill(
                    actor=request.user, group=request.current_group, **form.cleaned_data
                )
            except ValidationError as exc:
                add_model_errors(form, exc)
            else:
                messages.success(request, _("Compétence « %(label)s » ajoutée.") % {"label": skill.label})
                return redirect("referential:skills")
    query = request.GET.get("q", "")
    rows = selectors.skills_for(request.current_group)
    if query:
        rows = rows.filter(label__icontains=query)
    groups = []
    for kind in SkillKind:
        groups.append((kind.label, list(rows.filter(kind=kind).order_by("label", "id"))))
    return render(
        request,
        "referential/skills.html",
        {"groups": groups, "form": form, "can_write": can_write, "query": query},
    )


def _forbidden():
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied(_("Votre rôle permet de consulter le référentiel, pas de le modifier."))
