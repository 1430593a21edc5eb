"""Writes on the job exchange: publish, answer, accept or decline, expire. Each rule names the field."""

import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualis.core import journal
from mutualis.employees.models import Employee
from mutualis.geography.models import Commune
from mutualis.members.models import Member
from mutualis.needs import services as need_services
from mutualis.needs.models import NeedKind, NeedStatus
from mutualis.needs.timeline import format_duration, normalise_intervals
from mutualis.recruitment import services as recruitment_services
from mutualis.recruitment.models import CandidateSource
from mutualis.territories import selectors as territory_selectors

from .models import Post, PostKind, PostStatus, Response, ResponsePath, ResponseStatus

PHONE = re.compile(r"(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
CIVILITY = re.compile(r"\b(?:M\.|Mme|Mlle|Monsieur|Madame|Mademoiselle)\s+[A-ZÉÈ][\w-]+")
ANONYMISED_FIELDS = {"job_title": _("Emploi"), "skills": _("Compétences"), "description": _("Description")}


def _fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def check_anonymised(group, fields):
    """Refuse phone numbers, e-mail addresses, civilities followed by a name, and the names of the GE's
    employees in the texts other GEs will read. Returns {field: [message]} (empty when clean)."""
    names = set()
    for first, last in Employee.objects.filter(group=group).values_list("first_name", "last_name"):
        for name in (first, last):
            if name and len(name) >= 3:
                names.add(_fold(name))
    errors = {}
    for field, label in ANONYMISED_FIELDS.items():
        text = fields.get(field) or ""
        found = None
        for pattern in (PHONE, EMAIL, CIVILITY):
            match = pattern.search(text)
            if match:
                found = match.group(0)
                break
        if found is None and names:
            words = set(re.findall(r"[\w-]+", _fold(text)))
            hit = sorted(words & names)
            if hit:
                found = hit[0]
        if found is not None:
            errors[field] = [
                _(
                    "%(label)s : une annonce est anonymisée, sans nom ni numéro de téléphone ni courriel "
                    "(« %(found)s » trouvé)."
                )
                % {"label": label, "found": found}
            ]
    return errors


@transaction.atomic
def publish_post(
    *,
    actor,
    group,
    kind,
    job_title,
    weekly_minutes,
    commune_code,
    territories=None,
    rome_code="",
    skills="",
    windows=(),
    description="",
    employee=None,
    need=None,
):
    """Publish to the GE's territories (all those it exchanges with, or the ones given)."""
    errors = check_anonymised(group, {"job_title": job_title, "skills": skills, "description": description})
    allowed = list(territory_selectors.group_territories(group, "exchange"))
    if not allowed:
        errors.setdefault("territories", []).append(
            _(
                "Le GE n'échange avec aucun territoire : rejoignez-en un (Territoire › partage) avant de publier."
            )
        )
    chosen = allowed if territories is None else list(territories)
    outside = [t for t in chosen if t not in allowed]
    if outside:
        errors.setdefault("territories", []).append(
            _("%(name)s n'est pas un territoire du GE (ou le GE n'y partage pas la bourse d'emplois).")
            % {"name": outside[0].name}
        )
    commune = Commune.objects.filter(code=(commune_code or "").strip()).first()
    if commune is None:
        errors.setdefault("commune_code", []).append(_("Commune inconnue : indiquez son code INSEE."))
    elif chosen and not any(t.communes.filter(pk=commune.pk).exists() for t in chosen):
        errors.setdefault("commune_code", []).append(
            _("%(commune)s n'est dans aucun des territoires de diffusion : l'annonce serait hors territoire.")
            % {"commune": commune.name}
        )
    windows = normalise_intervals(windows)
    capacity = sum(end - start for start, end in windows)
    if windows and weekly_minutes and capacity < weekly_minutes:
        errors.setdefault("weekly_minutes", []).append(
            _("Les heures par semaine (%(hours)s) dépassent la durée des plages horaires (%(capacity)s).")
            % {"hours": format_duration(weekly_minutes), "capacity": format_duration(capacity)}
        )
    if employee is not None and employee.group_id != group.pk:
        errors.setdefault("employee", []).append(_("Ce salarié n'est pas un salarié du GE."))
    if need is not None and need.group_id != group.pk:
        errors.setdefault("need", []).append(_("Ce besoin n'est pas un besoin du GE."))
    if errors:
        raise ValidationError(errors)
    post = Post(
        group=group,
        kind=kind,
        job_title=job_title,
        rome_code=rome_code,
        skills=skills,
        weekly_minutes=weekly_minutes,
        windows=[list(w) for w in windows],
        commune=commune,
        description=description,
        employee=employee,
        need=need,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    post.full_clean()
    post.save()
    post.territories.set(chosen)
    journal.record(action="exchange.published", actor=actor, group=group, target=post)
    return post


@transaction.atomic
def close_post(*, actor, post):
    post.status = PostStatus.CLOSED
    post.save(update_fields=["status", "updated_at"])
    journal.record(action="exchange.closed", actor=actor, group=post.group, target=post)
    return post


@transaction.atomic
def respond(*, actor, group, post, message, weekly_minutes=None, member=None, employee=None):
    if post.group_id == group.pk:
        raise ValidationError({"post": _("Un GE ne répond pas à sa propre annonce.")})
    if not post.is_open:
        raise ValidationError({"post": _("Cette annonce n'est plus ouverte (close ou expirée).")})
    errors = {}
    if member is not None and member.group_id != group.pk:
        errors["member"] = _("Cet adhérent n'est pas un adhérent de votre GE.")
    if employee is not None and employee.group_id != group.pk:
        errors["employee"] = _("Ce salarié n'est pas un salarié de votre GE.")
    if not (message or "").strip():
        errors["message"] = _("Écrivez un message pour le GE qui publie l'annonce.")
    if errors:
        raise ValidationError(errors)
    response = Response(
        group=group,
        post=post,
        message=message,
        weekly_minutes=weekly_minutes,
        member=member,
        employee=employee,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    response.full_clean()
    response.save()
    journal.record(action="exchange.responded", actor=actor, group=group, target=response)
    return response


def _member_copy(member, group):
    """The member joins the other GE: a member record there, from the same identity."""
    existing = Member.objects.filter(group=group, siret=member.siret).first()
    if existing is not None:
        return existing
    copy = Member(
        group=group,
        name=member.name,
        kind=member.kind,
        siret=member.siret,
        vat_status=member.vat_status,
        joined_on=timezone.localdate(),
        notes=_("Adhésion issue de la bourse d'emplois (art. L1253-1)."),
    )
    copy.full_clean()
    copy.save()
    return copy


@transaction.atomic
def accept(*, actor, response, path):
    """The post's GE accepts an answer, choosing the L1253-1 way:
    - member_joins: the member joins the employee's GE, where a draft need is created for it;
    - employee_signs: the employee signs with the member's GE, where an anonymous candidate is created."""
    response = (
        Response.objects.select_for_update()
        .select_related("post", "post__group", "group")
        .get(pk=response.pk)
    )
    if response.status != ResponseStatus.PENDING:
        raise ValidationError({"status": _("Cette réponse est déjà traitée.")})
    if path not in ResponsePath.values:
        raise ValidationError(
            {"path": _("Choisissez la suite donnée : adhésion de l'adhérent ou embauche du salarié.")}
        )
    post = response.post
    if post.kind == PostKind.FREE_HOURS:
        employee_group, member_group, member = post.group, response.group, response.member
    else:
        employee_group, member_group, member = response.group, post.group, None
        if post.need_id:
            member = post.need.member
    if path == ResponsePath.MEMBER_JOINS:
        if member is None:
            raise ValidationError(
                {
                    "path": _(
                        "Aucun adhérent désigné : la réponse (ou l'annonce) doit nommer l'adhérent concerné."
                    )
                }
            )
        joined = _member_copy(member, employee_group)
        need = need_services.create_need(
            actor=actor,
            group=employee_group,
            member=joined,
            job_title=post.job_title,
            rome_code=post.rome_code,
            kind=NeedKind.FLEXIBLE,
            weekly_minutes=response.weekly_minutes or post.weekly_minutes,
            windows=post.windows,
            status=NeedStatus.DRAFT,
            comments=_("Issu de la bourse d'emplois : %(post)s") % {"post": post},
        )
        response.result_need = need
    else:
        # The person is anonymous here: her GE gives her name only with her consent (insertion's
        # consent model), so the member's GE gets an anonymous entry in its own candidate pool.
        minutes = response.weekly_minutes or post.weekly_minutes
        commune = post.commune
        point = (None, None)
        if commune.latitude is not None and commune.longitude is not None:
            point = (Decimal(f"{commune.latitude:.6f}"), Decimal(f"{commune.longitude:.6f}"))
        response.result_candidate = recruitment_services.save_candidate(
            actor=actor,
            group=member_group,
            first_name=_("Candidat anonyme"),
            last_name=_("bourse d'emplois"),
            city=commune.name,
            latitude=point[0],
            longitude=point[1],
            weekly_minutes_min=minutes,
            weekly_minutes_max=minutes,
            availability=[{"start": start, "end": end} for start, end in post.windows],
            source=CandidateSource.EXCHANGE,
            notes=_(
                "%(job)s, salarié de %(group)s. Le salarié signe avec le GE de l'adhérent ; "
                "son nom n'est communiqué qu'avec son accord."
            )
            % {"job": post.job_title, "group": employee_group.name},
        )
    response.status = ResponseStatus.ACCEPTED
    response.path = path
    response.decided_at = timezone.now()
    response.save()
    journal.record(action="exchange.accepted", actor=actor, group=post.group, target=response, path=path)
    return response


@transaction.atomic
def decline(*, actor, response):
    if response.status != ResponseStatus.PENDING:
        raise ValidationError({"status": _("Cette réponse est déjà traitée.")})
    response.status = ResponseStatus.DECLINED
    response.decided_at = timezone.now()
    response.save(update_fields=["status", "decided_at", "updated_at"])
    journal.record(action="exchange.declined", actor=actor, group=response.post.group, target=response)
    return response


def expire_posts(*, today=None, dry_run=False):
    """Posts past their 90 days: expired. Returns how many."""
    today = today or timezone.localdate()
    due = Post.objects.filter(status=PostStatus.OPEN, expires_on__lt=today)
    count = due.count()
    if not dry_run:
        due.update(status=PostStatus.EXPIRED, updated_at=timezone.now())
    return count
