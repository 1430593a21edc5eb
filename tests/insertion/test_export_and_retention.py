"""The person's export holds every field of every model that refers to her; anonymisation is dry by default."""

import datetime
import json

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from mutualis.insertion import export, retention, services
from mutualis.insertion.models import AccessLog, Beneficiary, FollowUp
from tests.insertion.factories import person, person_login, professional


def _refers_to_person(model, seen=()):
    """True when `model` has a foreign key to Beneficiary, directly or through models that do."""
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey | models.OneToOneField):
            target = field.related_model
            if target is Beneficiary:
                return True
            inside = (
                target.__module__.startswith("mutualis.insertion")
                and target not in seen
                and target is not model
            )
            if inside and _refers_to_person(target, (*seen, model)):
                return True
    return False


def test_every_model_that_refers_to_the_person_is_exported_field_by_field():
    specs = {spec.model: spec for spec in export.SPECS}
    missing_models, missing_fields = [], []
    for model in apps.get_models():
        if not model.__module__.startswith("mutualis."):
            continue
        if model is not Beneficiary and not _refers_to_person(model):
            continue
        spec = specs.get(model)
        if spec is None:
            missing_models.append(model._meta.label)
            continue
        covered = set(spec.fields) | set(spec.not_exported) | export.TECHNICAL
        for field in model._meta.concrete_fields:
            if field.name not in covered:
                missing_fields.append(f"{model._meta.label}.{field.name}")
        for name in getattr(model, "PERSONAL_DATA", {}):
            if name not in spec.fields:
                missing_fields.append(f"{model._meta.label}.{name} (personal, must be exported)")
    assert not missing_models, (
        "Models that refer to the person, missing from insertion/export.py SPECS: "
        + ", ".join(missing_models)
    )
    assert not missing_fields, "Fields neither exported nor explained in export.py: " + ", ".join(
        missing_fields
    )


@pytest.mark.django_db
def test_the_export_holds_her_data_in_json_and_pdf(client):
    beneficiary = person(email="leila@example.org", situation_notes="Cherche un mi-temps")
    me = person_login(beneficiary)
    client.force_login(me.user)
    data = json.loads(client.get("/mon-parcours/mes-donnees/export.json").content)
    identity = data["sections"]["identite"]["lignes"][0]
    assert identity["email"] == "leila@example.org" and identity["situation_notes"] == "Cherche un mi-temps"
    assert data["sections"]["historique"]["lignes"]
    pdf = client.get("/mon-parcours/mes-donnees/export.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"


def _make_inactive(beneficiary, days):
    FollowUp.objects.filter(pk=beneficiary.follow_up.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=days)
    )


@pytest.mark.django_db
def test_anonymisation_is_dry_by_default():
    beneficiary = person()
    _make_inactive(beneficiary, 800)
    FollowUp.objects.filter(pk=beneficiary.follow_up.pk).update(
        anonymisation_notice_at=timezone.now() - datetime.timedelta(days=31)
    )
    report = retention.run()
    assert report["anonymised"] == 1 and not report["wet"]
    beneficiary.refresh_from_db()
    assert beneficiary.first_name == "Leïla" and beneficiary.anonymised_at is None


@pytest.mark.django_db
def test_a_notice_comes_thirty_days_before_anonymisation(mailoutbox):
    beneficiary = person(email="leila@example.org")
    _make_inactive(beneficiary, 2 * 365 - 20)
    assert retention.run(wet=True) == {"notices": 1, "anonymised": 0, "access_logs_deleted": 0, "wet": True}
    assert len(mailoutbox) == 1
    # After the notice, still nothing erased until 24 months and 30 days of notice have passed.
    assert retention.run(wet=True)["anonymised"] == 0


@pytest.mark.django_db
def test_activity_after_the_notice_voids_it():
    referent = professional()
    beneficiary = person(referent)
    _make_inactive(beneficiary, 800)
    retention.run(wet=True)
    services.add_axis(actor=None, follow_up=beneficiary.follow_up, theme="mobility")
    beneficiary.follow_up.refresh_from_db()
    assert beneficiary.follow_up.anonymisation_notice_at is None


@pytest.mark.django_db
def test_wet_run_erases_personal_fields_and_keeps_anonymous_history(capsys):
    from django.core.management import call_command

    beneficiary = person(email="leila@example.org", phone="0612345678")
    me = person_login(beneficiary)
    services.record_diagnostic(
        actor=None,
        beneficiary=beneficiary,
        answers={
            "situation_emploi": "sans_emploi",
            "projet_defini": "no",
            "disponibilite": "immediate",
            "besoin_formation": "no",
            "permis_b": "no",
            "logement_stable": "no",
            "frein_sante": "yes",
            "aisance_numerique": 2,
            "difficultes_budget": "yes",
            "droits_a_jour": "no",
        },
    )
    _make_inactive(beneficiary, 800)
    FollowUp.objects.filter(pk=beneficiary.follow_up.pk).update(
        anonymisation_notice_at=timezone.now() - datetime.timedelta(days=31)
    )
    call_command("anonymise_inactive_follow_ups")
    assert "[simulation]" in capsys.readouterr().out
    call_command("anonymise_inactive_follow_ups", "--wet-run")
    beneficiary.refresh_from_db()
    assert beneficiary.anonymised_at is not None
    assert (beneficiary.email, beneficiary.phone, beneficiary.last_name) == ("", "", "anonymisée")
    assert beneficiary.diagnostics.get().answers == {}
    assert set(beneficiary.follow_up.events.values_list("summary", flat=True)) == {"—"}
    me.user.refresh_from_db()
    assert not me.user.is_active and me.user.email == ""


@pytest.mark.django_db
def test_access_logs_are_kept_twelve_months():
    beneficiary = person()
    viewer = professional()
    old = AccessLog.objects.create(
        beneficiary=beneficiary, viewer=viewer.user, viewer_label="x", structure_label="y", part="identity"
    )
    AccessLog.objects.filter(pk=old.pk).update(read_at=timezone.now() - datetime.timedelta(days=370))
    AccessLog.objects.create(
        beneficiary=beneficiary, viewer=viewer.user, viewer_label="x", structure_label="y", part="identity"
    )
    assert retention.run(wet=True)["access_logs_deleted"] == 1
    assert AccessLog.objects.count() == 1
