"""Retention of insertion data (DESIGN « retention »: each domain declares its rules).

- A follow-up without activity for 24 months is anonymised, after a notice 30 days before (to the
  person, by e-mail when she has one, and recorded on the follow-up). Any activity in between voids
  the notice (services.touch).
- Access logs are kept 12 months.

`run(wet=False)` reports what it would do; only `wet=True` writes. The command
`anonymise_inactive_follow_ups` (dry unless `--wet-run`) and the daily job `insertion.daily` call it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    ERASED,
    AccessLog,
    Action,
    Beneficiary,
    ConsentGrant,
    CorrectionRequest,
    Diagnostic,
    FollowUp,
    FollowUpMember,
    JourneyEvent,
    Objective,
    SituationReview,
    add_months,
)

INACTIVE_MONTHS = 24
NOTICE_DAYS = 30
ACCESS_LOG_MONTHS = 12

RULES = [
    {
        "what": "parcours inactifs",
        "rule": _("anonymisés 24 mois après la dernière activité, avis 30 jours avant"),
    },
    {"what": "journal des consultations", "rule": _("supprimé après 12 mois")},
]


# Rows of other domains about the person (the local offer's orientations…), erased with her. Those
# domains register them from their AppConfig.ready(): insertion never imports the domains above it.
ERASURES = []


def register_erasure(model, person_field, fields):
    """Erase `fields` of `model`'s rows whose `person_field` is the anonymised person."""
    if not any(entry[0] is model for entry in ERASURES):
        ERASURES.append((model, person_field, list(fields)))


def _months_ago(now, months):
    day = add_months(timezone.localtime(now).date(), -months)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def run(*, wet=False, now=None):
    now = now or timezone.now()
    inactive_since = _months_ago(now, INACTIVE_MONTHS)
    notice_before = inactive_since + datetime.timedelta(days=NOTICE_DAYS)
    live = FollowUp.objects.filter(anonymised_at__isnull=True)
    to_notify = live.filter(last_activity_at__lt=notice_before, anonymisation_notice_at__isnull=True)
    to_anonymise = live.filter(
        last_activity_at__lt=inactive_since,
        anonymisation_notice_at__lte=now - datetime.timedelta(days=NOTICE_DAYS),
    )
    old_logs = AccessLog.objects.filter(read_at__lt=_months_ago(now, ACCESS_LOG_MONTHS))
    report = {
        "notices": to_notify.count(),
        "anonymised": to_anonymise.count(),
        "access_logs_deleted": old_logs.count(),
        "wet": wet,
    }
    if wet:
        for follow_up in to_notify.select_related("beneficiary"):
            notify(follow_up, now=now)
        for follow_up in to_anonymise.select_related("beneficiary"):
            anonymise(follow_up.beneficiary, now=now)
        old_logs.delete()
    return report


def notify(follow_up, *, now):
    person = follow_up.beneficiary
    if person.email:
        send_mail(
            _("Mutualis : votre dossier d'accompagnement va être anonymisé"),
            _(
                "Bonjour,\n\nVotre dossier d'accompagnement n'a pas bougé depuis près de deux ans. Sans "
                "nouvelle activité, il sera anonymisé dans 30 jours. Vous pouvez télécharger vos données "
                "depuis votre espace, ou contacter votre référent pour le garder ouvert.\n\nMutualis"
            ),
            None,
            [person.email],
        )
    FollowUp.objects.filter(pk=follow_up.pk).update(anonymisation_notice_at=now)


def _erase(model, lookup, fields, values=None):
    """Blank `fields` on the rows of `model` (bypassing append-only managers on purpose)."""
    values = values or {}
    updates = {}
    for name in fields:
        model_field = model._meta.get_field(name)
        if name in values:
            updates[name] = values[name]
        elif isinstance(model_field, models.JSONField):
            updates[name] = model_field.get_default()
        elif model_field.null:
            updates[name] = None
        elif isinstance(model_field, models.BooleanField):
            updates[name] = False
        elif model_field.blank:
            updates[name] = ""
        else:
            updates[name] = ERASED
    models.QuerySet(model).filter(**lookup).update(**updates)


@transaction.atomic
def anonymise(beneficiary, *, now=None):
    """Erase every personal field of the person's records; keep the anonymous history for statistics."""
    now = now or timezone.now()
    person = {"beneficiary": beneficiary}
    via_follow_up = {"follow_up__beneficiary": beneficiary}
    _erase(
        Beneficiary,
        {"pk": beneficiary.pk},
        list(Beneficiary.PERSONAL_DATA),
        {"first_name": _("Personne"), "last_name": _("anonymisée"), "education_level": "unknown"},
    )
    models.QuerySet(Beneficiary).filter(pk=beneficiary.pk).update(anonymised_at=now, user=None)
    _erase(Diagnostic, person, list(Diagnostic.PERSONAL_DATA))
    _erase(FollowUp, person, ["hire_employer", "hire_job_title", "exit_note", "outcome_6m_note"])
    models.QuerySet(FollowUp).filter(**person).update(anonymised_at=now)
    _erase(FollowUpMember, via_follow_up, ["end_reason"], {"end_reason": ERASED})
    _erase(Objective, {"axis__follow_up__beneficiary": beneficiary}, ["title"], {"title": ERASED})
    _erase(Action, {"objective__axis__follow_up__beneficiary": beneficiary}, ["title"], {"title": ERASED})
    _erase(JourneyEvent, via_follow_up, ["summary"], {"summary": ERASED})
    _erase(ConsentGrant, person, ["evidence"])
    _erase(CorrectionRequest, person, ["message", "answer"], {"message": ERASED})
    _erase(SituationReview, person, ["reason", "decision_note"], {"reason": ERASED, "decision_note": ERASED})
    models.QuerySet(AccessLog).filter(**person).delete()
    for model, person_field, names in ERASURES:  # other domains' rows about the person
        _erase(model, {person_field: beneficiary}, names)
    if beneficiary.user_id:
        user = get_user_model().objects.get(pk=beneficiary.user_id)
        user.memberships.all().delete()
        user.username = f"anonyme-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()


def _covered_fields():
    from django.apps import apps as django_apps

    fields = [
        f"{model._meta.label}.{name}"
        for model in django_apps.get_app_config("insertion").get_models()
        for name in getattr(model, "PERSONAL_DATA", {})
    ]
    # Rows of other domains erased with the person (register_erasure).
    fields += [f"{model._meta.label}.{name}" for model, _person, names in ERASURES for name in names]
    return fields


def _register_rule():
    from mutualis.core.retention import rule

    @rule(
        "insertion.follow_ups",
        label=_(
            "Parcours inactifs depuis 24 mois : personne anonymisée (avis 30 jours avant) ; journal des consultations de plus de 12 mois supprimé"
        ),
        covers=_covered_fields,
    )
    def follow_ups(*, wet, today):
        report = run(wet=wet)
        return report["notices"] + report["anonymised"] + report["access_logs_deleted"]


_register_rule()
