"""Writes on GE projects: the census answers, the study (engine run), and « Créer le GE ».

Keyword-only, atomic, validated with French messages naming the field or the line, journaled.
"""

import datetime
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.core import journal
from mutualis.employer_groups.models import EmployerGroup
from mutualis.geography.models import Commune
from mutualis.members.models import Member, MemberVatStatus, Site
from mutualis.needs import engine_api
from mutualis.needs import services as need_services
from mutualis.needs.importing import LineError, parse_ranges
from mutualis.needs.instance import engine_params
from mutualis.needs.models import NeedKind, NeedStatus
from mutualis.needs.rules import check_schedule
from mutualis.needs.timeline import normalise_intervals, parse_weeks
from mutualis.territories import services as territory_services

from .models import GEProject, ProjectEmployer, ProjectNeed, ProjectStatus

STUDY_FIELDS = (
    "gross_hourly_wage",
    "employer_charges_percent",
    "billable_percent",
    "coefficient",
    "overheads_per_year",
    "aids_per_year",
    "ramp_up",
)
STUDY_TIME_LIMIT_SECONDS = 3


def _ensure_open(project):
    if project.status in (ProjectStatus.CREATED, ProjectStatus.ABANDONED):
        raise ValidationError(
            {"__all__": _("Ce projet est clos : le GE est déjà créé ou le projet abandonné.")}
        )


@transaction.atomic
def create_project(
    *, actor, organisation, territory, name, census_opens_on, census_closes_on, description=""
):
    project = GEProject(
        organisation=organisation,
        territory=territory,
        name=name,
        description=description,
        census_opens_on=census_opens_on,
        census_closes_on=census_closes_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    project.full_clean()
    project.save()
    journal.record(action="ge_project.created", actor=actor, target=project)
    return project


def parse_need_lines(text):
    """« emploi ; code ROME ; créneaux » per line (the census form's shorthand) -> need dicts.

    Créneaux: « lundi 08:00-12:00, jeudi 14:00-18:00 » (fixed), or « 10 h dans lundi 08:00-18:00,
    mardi 08:00-18:00 » (a flexible weekly volume inside windows). Errors name the line.
    """
    needs, errors = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 3:
            errors.append(
                _(
                    "Ligne %(n)s : écrivez « emploi ; code ROME ; créneaux » (exemple : « Agent d'entretien ; "
                    "K2204 ; lundi 08:00-12:00 »)."
                )
                % {"n": number}
            )
            continue
        job_title, rome_code, schedule = parts
        need = {"job_title": job_title, "rome_code": rome_code.upper()}
        try:
            if " dans " in schedule:
                volume, _sep, windows = schedule.partition(" dans ")
                hours = volume.lower().replace("h", "").replace(",", ".").strip()
                need.update(
                    kind=NeedKind.FLEXIBLE,
                    weekly_minutes=round(float(hours) * 60),
                    windows=parse_ranges(windows, "plages"),
                )
            else:
                need.update(kind=NeedKind.FIXED, slots=parse_ranges(schedule, "creneaux"))
        except LineError as exc:
            errors.append(_("Ligne %(n)s : %(message)s") % {"n": number, "message": exc.message})
            continue
        except ValueError:
            errors.append(
                _("Ligne %(n)s : le volume hebdomadaire n'est pas un nombre d'heures.") % {"n": number}
            )
            continue
        needs.append(need)
    if errors:
        raise ValidationError({"needs": errors})
    return needs


def _validate_need(need, number):
    problems = []
    try:
        need.full_clean(exclude=["employer"])
    except ValidationError as exc:
        problems.extend(f"{field} : {m}" for field, messages in exc.message_dict.items() for m in messages)
    for field, messages in check_schedule(
        kind=need.kind,
        slots=[tuple(s) for s in need.slots],
        windows=[tuple(w) for w in need.windows],
        weekly_minutes=need.weekly_minutes,
    ).items():
        problems.extend(f"{field} : {m}" for m in messages)
    return [_("Besoin %(n)s, %(problem)s") % {"n": number, "problem": p} for p in problems]


@transaction.atomic
def add_employer(
    *, actor, project, name, siret, commune_code, needs, kind="company", contact_name="", contact_email=""
):
    """Record one employer's census answer with its needs (dicts: job_title, rome_code, kind, slots or
    weekly_minutes + windows, weeks). The commune must lie in the project's territory. All or nothing."""
    _ensure_open(project)
    commune = Commune.objects.filter(code=(commune_code or "").strip()).first()
    if commune is None:
        raise ValidationError(
            {"commune_code": _("Commune inconnue : indiquez son code INSEE (exemple : 61001).")}
        )
    if not project.territory.communes.filter(pk=commune.pk).exists():
        raise ValidationError(
            {
                "commune_code": _("%(commune)s n'est pas dans le territoire du projet (%(territory)s).")
                % {"commune": commune.name, "territory": project.territory.name}
            }
        )
    employer = ProjectEmployer(
        project=project,
        name=name,
        kind=kind,
        siret=(siret or "").replace(" ", ""),
        commune=commune,
        contact_name=contact_name,
        contact_email=contact_email,
    )
    employer.full_clean()
    if not needs:
        raise ValidationError({"needs": _("Déclarez au moins un besoin.")})
    employer.save()
    problems = []
    for number, fields in enumerate(needs, start=1):
        fields = dict(fields)
        weeks = fields.pop("weeks", None)
        if isinstance(weeks, str):
            try:
                weeks = parse_weeks(weeks)
            except ValidationError as exc:
                problems.append(_("Besoin %(n)s, semaines : %(m)s") % {"n": number, "m": exc.messages[0]})
                continue
        need = ProjectNeed(
            employer=employer,
            job_title=fields.get("job_title", ""),
            rome_code=fields.get("rome_code", ""),
            kind=fields.get("kind", NeedKind.FIXED),
            slots=[list(s) for s in normalise_intervals(fields.get("slots") or [])],
            windows=[list(w) for w in normalise_intervals(fields.get("windows") or [])],
            weekly_minutes=fields.get("weekly_minutes"),
            weeks=weeks,
        )
        found = _validate_need(need, number)
        if found:
            problems.extend(found)
            continue
        need.save()
    if problems:
        raise ValidationError({"needs": problems})
    journal.record(
        action="ge_project.employer_added", actor=actor, target=project, employer=name, needs=len(needs)
    )
    return employer


@transaction.atomic
def remove_employer(*, actor, employer):
    _ensure_open(employer.project)
    project = employer.project
    employer.delete()
    journal.record(action="ge_project.employer_removed", actor=actor, target=project)


@transaction.atomic
def update_study_parameters(*, actor, project, **fields):
    _ensure_open(project)
    unknown = set(fields) - set(STUDY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown study fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    journal.record(action="ge_project.parameters", actor=actor, target=project, fields=sorted(fields))
    return project


def build_instance(project):
    """The engine's instance for the project's needs: one organisation per employer, one site per
    commune centre. Returns (instance, id_map) like `needs.instance.build_instance`."""
    sites, site_ids, engine_needs = [], {}, []
    id_map = {"needs": {}, "members": {}, "sites": {}, "employees": {}}
    employers = (
        project.employers.select_related("commune").prefetch_related("needs").order_by("created_at", "id")
    )
    for e_index, employer in enumerate(employers, start=1):
        member = f"m{e_index}"
        id_map["members"][member] = f"employer:{employer.public_id}"
        commune = employer.commune
        site = None
        if commune.has_centre:
            if commune.code not in site_ids:
                site_ids[commune.code] = f"s{len(site_ids) + 1}"
                sites.append(
                    {
                        "id": site_ids[commune.code],
                        "lat": round(commune.latitude, 6),
                        "lon": round(commune.longitude, 6),
                    }
                )
                id_map["sites"][site_ids[commune.code]] = f"commune:{commune.code}"
            site = site_ids[commune.code]
        for need in employer.needs.all():
            short = f"n{len(engine_needs) + 1}"
            id_map["needs"][short] = str(need.public_id)
            item = {"id": short, "member": member, "skills": []}
            if site:
                item["site"] = site
            if need.kind == NeedKind.FIXED:
                item["slots"] = [{"start": s, "end": e} for s, e in need.slots]
            else:
                item["flexible"] = {
                    "weekly_minutes": need.weekly_minutes,
                    "windows": [{"start": s, "end": e} for s, e in need.windows],
                }
            item["weeks"] = sorted(need.weeks) if need.weeks else None
            engine_needs.append(item)
    instance = {"version": 1, "params": engine_params({}), "sites": sites, "needs": engine_needs}
    return instance, id_map


@transaction.atomic
def run_study(*, actor, project, seed=0):
    """Consolidate the project's needs with the engine (a few seconds: a project holds tens of needs,
    not thousands) and keep the plan; the study page reads the figures from it (study.py)."""
    _ensure_open(project)
    project = GEProject.objects.select_for_update().get(pk=project.pk)
    instance, id_map = build_instance(project)
    if not instance["needs"]:
        raise ValidationError(
            {"__all__": _("Aucun besoin recensé : enregistrez d'abord les réponses des employeurs.")}
        )
    try:
        engine_api.bound(instance)
    except engine_api.InstanceError as exc:
        raise ValidationError(
            {"__all__": _("Instance refusée par le moteur : %(error)s") % {"error": exc}}
        ) from exc
    plan = engine_api.solve(instance, time_limit=STUDY_TIME_LIMIT_SECONDS, seed=seed)
    project.plan, project.id_map = plan, id_map
    project.studied_at = timezone.now()
    project.status = ProjectStatus.STUDY
    project.save(update_fields=["plan", "id_map", "studied_at", "status", "updated_at"])
    journal.record(
        action="ge_project.studied",
        actor=actor,
        target=project,
        positions=len(plan.get("positions", [])),
        unassigned=len(plan.get("unassigned", [])),
    )
    return project


def _slug_for(name):
    from django.utils.text import slugify

    base = slugify(name)[:40] or "ge"
    slug, n = base, 1
    while EmployerGroup.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_group(
    *,
    actor,
    project,
    name,
    siren,
    legal_form,
    vat_regime,
    invoice_prefix,
    director_email,
    director_first_name="",
    director_last_name="",
    joined_on=None,
    invitation_url=None,
):
    """« Créer le GE »: in one transaction, the GE, a member and a site for each employer of the census,
    their needs (open, ready for consolidation), the GE's place in the project's territory, and its
    first director (an account and an invitation e-mail to choose a password). Nothing is retyped."""
    project = GEProject.objects.select_for_update().get(pk=project.pk)
    _ensure_open(project)
    employers = list(project.employers.select_related("commune").prefetch_related("needs"))
    if not employers:
        raise ValidationError({"__all__": _("Aucun employeur recensé : le GE n'aurait aucun adhérent.")})
    group = EmployerGroup(
        name=name,
        slug=_slug_for(name),
        legal_form=legal_form,
        siren=(siren or "").replace(" ", ""),
        vat_regime=vat_regime,
        invoice_prefix=invoice_prefix,
        city=employers[0].commune.name,
    )
    group.full_clean()
    group.save()
    joined_on = joined_on or timezone.localdate()
    counts = {"members": 0, "needs": 0}
    for employer in employers:
        member = Member(
            group=group,
            name=employer.name,
            kind=employer.kind,
            siret=employer.siret,
            vat_status=MemberVatStatus.SUBJECT,
            joined_on=joined_on,
            email=employer.contact_email,
        )
        member.full_clean()
        member.save()
        commune = employer.commune
        site = Site(
            group=group,
            member=member,
            name=_("Site principal"),
            city=commune.name,
            postcode=(commune.postcodes.values_list("code", flat=True).first() or ""),
            latitude=Decimal(str(round(commune.latitude, 6))) if commune.has_centre else None,
            longitude=Decimal(str(round(commune.longitude, 6))) if commune.has_centre else None,
        )
        site.full_clean()
        site.save()
        counts["members"] += 1
        for number, need in enumerate(employer.needs.all(), start=1):
            try:
                need_services.create_need(
                    actor=actor,
                    group=group,
                    member=member,
                    site=site,
                    job_title=need.job_title,
                    rome_code=need.rome_code,
                    kind=need.kind,
                    weekly_minutes=need.weekly_minutes if need.kind == NeedKind.FLEXIBLE else None,
                    weeks=need.weeks,
                    slots=need.slots,
                    windows=need.windows,
                    status=NeedStatus.OPEN,
                )
            except ValidationError as exc:
                raise ValidationError(
                    {
                        "__all__": _("%(employer)s, besoin %(n)s : %(errors)s")
                        % {"employer": employer.name, "n": number, "errors": "; ".join(exc.messages)}
                    }
                ) from exc
            counts["needs"] += 1
    territory_services.set_sharing(
        actor=actor, group=group, territory=project.territory, exchange=True, directory=True
    )
    director = _invite_director(
        group=group,
        email=director_email,
        first_name=director_first_name,
        last_name=director_last_name,
        invitation_url=invitation_url,
    )
    project.group = group
    project.status = ProjectStatus.CREATED
    project.save(update_fields=["group", "status", "updated_at"])
    journal.record(
        action="employer_group.created",
        actor=actor,
        group=group,
        target=group,
        source="ge_project",
        project=str(project.public_id),
        director=director.email,
        **counts,
    )
    return group


def _invite_director(*, group, email, first_name, last_name, invitation_url):
    """The GE's first director: an existing account by e-mail, or a new one without a usable password;
    the e-mail carries a link to choose a password (Django's reset token)."""
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError(
            {"director_email": _("Indiquez le courriel de la première personne à la direction.")}
        )
    from django.core.validators import validate_email

    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"director_email": _("Courriel invalide.")}) from exc
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        username = email
        while User.objects.filter(username=username).exists():
            username = f"{email}-{secrets.token_hex(2)}"
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    Membership.objects.create(user=user, group=group, role=Role.DIRECTOR)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    link = invitation_url(path) if invitation_url else path
    subject = _("Vous êtes à la direction du groupement %(group)s sur Mutualis") % {"group": group.name}
    body = _(
        "Bonjour,\n\nLe groupement d'employeurs %(group)s vient d'être créé sur Mutualis à partir de son "
        "projet, avec ses adhérents et leurs besoins.\n\nChoisissez votre mot de passe en ouvrant ce lien :\n"
        "%(link)s\n\nCeci est un message automatique de Mutualis."
    ) % {"group": group.name, "link": link}
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return user


def default_census_dates():
    today = timezone.localdate()
    return today, today + datetime.timedelta(days=60)
