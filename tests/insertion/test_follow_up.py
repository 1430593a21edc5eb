import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mutualis.insertion import services
from mutualis.insertion.enums import ExitOutcome, FollowUpStatus, LinkedContract, MemberRole, TaskKind, Theme
from mutualis.insertion.models import FollowUpMember, JourneyEvent
from tests.insertion.factories import person, professional

pytestmark = pytest.mark.django_db


def test_an_objective_linked_to_a_contract_needs_the_person_agreement():
    referent = professional()
    beneficiary = person(referent)
    axis = services.add_axis(actor=None, follow_up=beneficiary.follow_up, theme=Theme.EMPLOYMENT)
    with pytest.raises(ValidationError, match="accord de la personne"):
        services.add_objective(actor=None, axis=axis, title="Projet", linked_contract=LinkedContract.CER)
    assert not axis.objectives.exists()
    services.add_objective(
        actor=None, axis=axis, title="Projet", linked_contract=LinkedContract.CER, person_agreed_via="signed"
    )


def test_a_second_active_referent_is_refused():
    referent = professional()
    beneficiary = person(referent)
    with pytest.raises(ValidationError, match="déjà un référent"):
        services.add_member(
            actor=None, follow_up=beneficiary.follow_up, membership=professional(), role=MemberRole.REFERENT
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpMember.objects.create(
            follow_up=beneficiary.follow_up, membership=professional(), role=MemberRole.REFERENT
        )


def test_no_action_on_a_closed_axis():
    beneficiary = person()
    axis = services.add_axis(actor=None, follow_up=beneficiary.follow_up, theme=Theme.MOBILITY)
    objective = services.add_objective(actor=None, axis=axis, title="Permis")
    services.close_axis(actor=None, axis=axis)
    with pytest.raises(ValidationError, match="axe est clos"):
        services.add_action(actor=None, objective=objective, title="Code")


def test_closing_requires_an_exit_outcome():
    beneficiary = person()
    with pytest.raises(ValidationError, match="situation à la sortie"):
        services.close_follow_up(actor=None, follow_up=beneficiary.follow_up, exit_outcome="")
    beneficiary.follow_up.refresh_from_db()
    assert beneficiary.follow_up.status == FollowUpStatus.ACTIVE


def test_a_hire_creates_checkins_at_months_1_3_6():
    beneficiary = person()
    services.record_hire(
        actor=None, follow_up=beneficiary.follow_up, hired_on=datetime.date(2026, 1, 31), employer="GE"
    )
    tasks = list(beneficiary.follow_up.tasks.order_by("due_on").values_list("kind", "due_on"))
    assert tasks == [
        (TaskKind.POST_HIRE_1, datetime.date(2026, 2, 28)),
        (TaskKind.POST_HIRE_3, datetime.date(2026, 4, 30)),
        (TaskKind.POST_HIRE_6, datetime.date(2026, 7, 31)),
    ]
    assert beneficiary.follow_up.post_hire_until == datetime.date(2026, 7, 31)


def test_exit_creates_the_outcome_task_six_months_later():
    beneficiary = person()
    services.close_follow_up(
        actor=None,
        follow_up=beneficiary.follow_up,
        exit_outcome=ExitOutcome.CDI,
        closed_on=datetime.date(2026, 3, 10),
    )
    task = beneficiary.follow_up.tasks.get()
    assert (task.kind, task.due_on) == (TaskKind.OUTCOME_6M, datetime.date(2026, 9, 10))
    services.record_outcome_6m(actor=None, follow_up=beneficiary.follow_up, outcome=ExitOutcome.CDI)
    task.refresh_from_db()
    assert task.done_at is not None


def test_reminders_carry_no_social_data():
    referent = professional()
    beneficiary = person(referent, rights=["rsa"], situation_notes="Hébergée chez sa sœur")
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
    services.record_hire(
        actor=None, follow_up=beneficiary.follow_up, hired_on=datetime.date(2020, 1, 6), employer="GE"
    )
    assert services.send_due_reminders() == 3
    text = " ".join(m.subject + m.body for m in mail.outbox)
    for word in ("RSA", "rsa", "Hébergée", "santé", "logement", "Benali", "budget"):
        assert word not in text
    assert services.send_due_reminders() == 0


def test_the_timeline_is_append_only():
    beneficiary = person()
    event = JourneyEvent.objects.filter(follow_up=beneficiary.follow_up).first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        JourneyEvent.objects.filter(pk=event.pk).delete()


def test_other_domains_add_events_to_the_timeline():
    beneficiary = person()
    event = services.record_event(
        follow_up=beneficiary.follow_up,
        kind="appointment_booked",
        part="appointments",
        source="appointments",
        summary="Rendez-vous de suivi",
        ref_type="appointments.appointment",
        ref_id="abc",
    )
    assert event.source == "appointments" and event.part == "appointments"


def test_a_review_decision_is_recorded_with_its_participants():
    referent = professional()
    beneficiary = person(referent)
    review = services.submit_review(
        actor=referent.user, membership=referent, beneficiary=beneficiary, reason="Aucune garde"
    )
    with pytest.raises(ValidationError):
        services.decide_review(
            actor=None,
            review=review,
            meeting_on=datetime.date(2026, 12, 1),
            participants="",
            decision="other",
            decision_note="x",
        )
    services.decide_review(
        actor=None,
        review=review,
        meeting_on=datetime.date(2026, 12, 1),
        participants="A, B",
        decision="other",
        decision_note="x",
    )
    assert beneficiary.follow_up.events.filter(kind="review_decided").exists()
