"""Demo of insertion journeys: a partner structure with two professionals and ten people at various
stages, one of them hired by the demo GE and followed in her post-hire period. Idempotent: nothing
is done when the structure exists.

Accounts (password « mutualis-demo »): `referente` and `accompagnateur` (professionals of the
structure), `personne` (a person accompanied; she can also sign in by e-mail link).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.core.identifiers import make_siret
from mutualis.employer_groups.models import EmployerGroup
from mutualis.insertion import consents, services
from mutualis.insertion.enums import (
    ActionStatus,
    ExitOutcome,
    GivenVia,
    LinkedContract,
    ObjectiveStatus,
    Part,
    Purpose,
    ReviewDecision,
    Theme,
)
from mutualis.insertion.models import AccessLog, Beneficiary, FollowUp
from mutualis.organisations.models import Organisation

from .data import DEMO_PASSWORD, MAIN

STRUCTURE_NAME = "Tremplin Orne"
STRUCTURE_SIRET = make_siret(83_214_556)

PROFESSIONALS = [("referente", "Amina", "Diallo"), ("accompagnateur", "Paul", "Moreau")]

DIAGNOSTIC_V1 = {
    "situation_emploi": "sans_emploi",
    "metier_vise": "Agente d'entretien",
    "projet_defini": "no",
    "disponibilite": "sous_un_mois",
    "besoin_formation": "yes",
    "besoins_formation": ["savoirs_base"],
    "permis_b": "no",
    "besoins_mobilite": ["permis"],
    "logement_stable": "yes",
    "frein_sante": "unknown",
    "aisance_numerique": 2,
    "difficultes_budget": "yes",
    "droits_a_jour": "no",
}
DIAGNOSTIC_V2 = {
    **DIAGNOSTIC_V1,
    "projet_defini": "yes",
    "aisance_numerique": 3,
    "droits_a_jour": "yes",
    "remarques": "Inscrite à l'atelier numérique du jeudi.",
}


def _user(username, first, last, email=None):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": email or f"{username}@demo.mutualis.fr"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _person(membership, first, last, started_days, **fields):
    beneficiary = services.create_beneficiary(
        actor=membership.user,
        membership=membership,
        first_name=first,
        last_name=last,
        postcode=fields.pop("postcode", "61000"),
        city=fields.pop("city", "Alençon"),
        **fields,
    )
    FollowUp.objects.filter(pk=beneficiary.follow_up.pk).update(started_on=_ago(started_days))
    beneficiary.follow_up.refresh_from_db()
    return beneficiary


def _plan(
    actor, beneficiary, theme, objective, actions, *, agreed=GivenVia.ORAL, contract=LinkedContract.NONE
):
    axis = services.add_axis(actor=actor, follow_up=beneficiary.follow_up, theme=theme)
    obj = services.add_objective(
        actor=actor, axis=axis, title=objective, linked_contract=contract, person_agreed_via=agreed
    )
    made = []
    for title, due_days, status in actions:
        made.append(
            services.add_action(
                actor=actor,
                objective=obj,
                title=title,
                due_on=timezone.localdate() + datetime.timedelta(days=due_days),
                status=status,
            )
        )
    return obj, made


@transaction.atomic
def seed(log=print):
    if Organisation.objects.filter(siret=STRUCTURE_SIRET).exists():
        log(f"{STRUCTURE_NAME} existe déjà : rien à faire pour les parcours.")
        return None
    if services.current_template() is None:
        log("Aucun modèle de diagnostic publié : parcours de démonstration non créés.")
        return None
    structure = Organisation.objects.create(
        name=STRUCTURE_NAME,
        kind="insertion_structure",
        siret=STRUCTURE_SIRET,
        address="12 rue de la Halle aux Toiles",
        postcode="61000",
        city="Alençon",
        email="contact@tremplin-orne.demo.mutualis.fr",
    )
    pros = []
    for username, first, last in PROFESSIONALS:
        user = _user(username, first, last)
        pros.append(Membership.objects.create(user=user, organisation=structure, role=Role.PARTNER))
    amina, paul = pros
    actor = amina.user
    group = EmployerGroup.objects.filter(slug=MAIN.slug).first()

    # 1. Leïla: two diagnostic versions, a plan, her own space, a consent to the GE.
    leila = _person(
        amina,
        "Leïla",
        "Benali",
        120,
        email="leila.benali@demo.mutualis.fr",
        phone="0612345678",
        birth_date=datetime.date(1991, 4, 12),
        education_level="level_3",
        rights=["rsa"],
        mobility_radius_km=15,
    )
    services.record_diagnostic(
        actor=actor, membership=amina, beneficiary=leila, answers=DIAGNOSTIC_V1, summary="Premier entretien."
    )
    services.record_diagnostic(
        actor=actor, membership=amina, beneficiary=leila, answers=DIAGNOSTIC_V2, summary="Projet confirmé."
    )
    _plan(
        actor,
        leila,
        Theme.MOBILITY,
        "Obtenir le permis B",
        [("Inscription au code de la route", 20, ActionStatus.IN_PROGRESS)],
        contract=LinkedContract.CER,
    )
    services.add_axis(actor=actor, follow_up=leila.follow_up, theme=Theme.EMPLOYMENT)
    axis = leila.follow_up.axes.get(theme=Theme.EMPLOYMENT)
    objective = services.add_objective(actor=actor, axis=axis, title="Trouver un emploi dans l'entretien")
    services.add_action(
        actor=actor,
        objective=objective,
        title="Immersion en entreprise (PMSMP)",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    person_user = _user("personne", "Leïla", "Benali", email=leila.email)
    Membership.objects.get_or_create(user=person_user, role=Role.PERSON, group=None, organisation=None)
    Beneficiary.objects.filter(pk=leila.pk).update(user=person_user)
    if group is not None:
        grant = consents.share_with_group(
            actor=actor,
            beneficiary=leila,
            group=group,
            parts=[Part.IDENTITY, Part.PLAN],
            evidence="Formulaire signé en entretien",
        )
        director = Membership.objects.filter(group=group, role=Role.DIRECTOR).select_related("user").first()
        if director is not None:
            AccessLog.objects.create(
                beneficiary=leila,
                viewer=director.user,
                viewer_label=director.user.get_full_name(),
                structure_label=group.name,
                part=Part.PLAN,
                consent=grant,
            )

    # 2. Kevin: just started, no diagnostic yet.
    _person(amina, "Kevin", "Martin", 5, education_level="none")

    # 3. Sophie: an overdue action.
    sophie = _person(amina, "Sophie", "Lefèvre", 200, education_level="level_4")
    services.record_diagnostic(actor=actor, membership=amina, beneficiary=sophie, answers=DIAGNOSTIC_V2)
    _plan(
        actor,
        sophie,
        Theme.TRAINING,
        "Entrer en formation qualifiante",
        [("Dossier de financement CPF", -10, ActionStatus.PLANNED)],
    )

    # 4. Yasmine: hired by the demo GE, in her post-hire period; the GE follows her under consent.
    yasmine = _person(amina, "Yasmine", "Haddad", 300, rights=["rqth"])
    services.record_diagnostic(actor=actor, membership=amina, beneficiary=yasmine, answers=DIAGNOSTIC_V2)
    _plan(
        actor,
        yasmine,
        Theme.EMPLOYMENT,
        "Réussir la prise de poste",
        [("Point avec l'employeur", 15, ActionStatus.PLANNED)],
    )
    if group is not None:
        consents.grant(
            actor=actor,
            beneficiary=yasmine,
            group=group,
            purpose=Purpose.POST_HIRE,
            parts=[Part.IDENTITY, Part.PLAN],
            given_via=GivenVia.SIGNED,
            evidence="Accord signé à l'embauche",
        )
    services.record_hire(
        actor=actor,
        follow_up=yasmine.follow_up,
        hired_on=_ago(45),
        employer=group.name if group else "GE Partage Orne",
        job_title="Agente d'entretien",
        contract=ExitOutcome.CDI,
    )

    # 5. Jérôme: post-hire period ending in a few days, with another employer.
    jerome = _person(paul, "Jérôme", "Petit", 400)
    services.record_hire(
        actor=paul.user,
        follow_up=jerome.follow_up,
        hired_on=_ago(175),
        employer="Boulangerie du Cours",
        contract=ExitOutcome.CDD_LONG,
    )

    # 6. Nathalie: left for a CDI; outcome at 6 months due later.
    nathalie = _person(amina, "Nathalie", "Roux", 500)
    services.close_follow_up(
        actor=actor, follow_up=nathalie.follow_up, exit_outcome=ExitOutcome.CDI, closed_on=_ago(30)
    )

    # 7. Mamadou: left 7 months ago, the outcome at 6 months is due (on the référent's list).
    mamadou = _person(amina, "Mamadou", "Sow", 600)
    services.close_follow_up(
        actor=actor, follow_up=mamadou.follow_up, exit_outcome=ExitOutcome.TRAINING, closed_on=_ago(210)
    )

    # 8. Julie: no action for more than 60 days (suggested for the « sans solution » review).
    _person(amina, "Julie", "Garnier", 100)

    # 9. Thomas: his situation is submitted to the review.
    thomas = _person(paul, "Thomas", "Girard", 150)
    services.submit_review(
        actor=paul.user,
        membership=paul,
        beneficiary=thomas,
        reason="Aucune offre de garde compatible avec les horaires proposés.",
    )

    # 10. Chloé: the review decided a reinforced follow-up.
    chloe = _person(paul, "Chloé", "Dubois", 250)
    review = services.submit_review(
        actor=paul.user,
        membership=paul,
        beneficiary=chloe,
        reason="Sans solution de mobilité en zone rurale.",
    )
    services.decide_review(
        actor=actor,
        review=review,
        meeting_on=_ago(3),
        participants="Tremplin Orne, mission locale, GE Partage Orne",
        decision=ReviewDecision.REINFORCED,
        decision_note="Prêt de scooter et deux rendez-vous par mois.",
    )
    _plan(
        paul.user,
        chloe,
        Theme.MOBILITY,
        "Se déplacer vers les lieux de travail",
        [("Prêt de scooter solidaire", 7, ActionStatus.PLANNED)],
        agreed="",
    )
    services.update_objective(
        actor=actor,
        objective=leila.follow_up.axes.first().objectives.first(),
        status=ObjectiveStatus.IN_PROGRESS,
    )
    log(
        f"{STRUCTURE_NAME} : 2 professionnels (referente, accompagnateur), 10 personnes accompagnées (compte « personne »)."
    )
    return structure
