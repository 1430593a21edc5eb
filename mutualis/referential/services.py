"""Writes on the referential: a GE's own skills on top of the shipped ones."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mutualis.core import journal
from mutualis.employees.models import Skill

from .selectors import skills_for


@transaction.atomic
def create_group_skill(*, actor, group, label, kind):
    label = label.strip()
    if skills_for(group).filter(label__iexact=label, kind=kind).exists():
        raise ValidationError({"label": _("Cette compétence existe déjà dans le référentiel.")})
    base = f"GE{group.pk}-{slugify(label)[:24].upper()}"
    code, n = base, 1
    while Skill.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    skill = Skill(code=code, label=label, kind=kind, group=group)
    skill.full_clean()
    skill.save()
    journal.record(action="skill.created", actor=actor, group=group, target=skill, label=label, kind=kind)
    return skill
