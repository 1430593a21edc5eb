import datetime

import pytest
from django.core.exceptions import ValidationError

from mutualis.accounts.roles import Role
from mutualis.exchange import selectors, services
from mutualis.exchange.models import PostStatus
from mutualis.members.models import Member
from mutualis.needs.models import Need, NeedStatus
from mutualis.recruitment.models import Candidate, CandidateSource
from mutualis.territories import services as territory_services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    territory = territory_services.create_territory(
        actor=None, name="Pays d'Alençon", kind="custom", commune_codes=["61001", "61143"]
    )
    elsewhere = territory_services.create_territory(
        actor=None, name="Ailleurs", kind="custom", commune_codes=["75056"]
    )
    a, b, c = (factories.EmployerGroupFactory(name=n) for n in ("GE A", "GE B", "GE C"))
    for group in (a, b):
        territory_services.set_sharing(actor=None, group=group, territory=territory, exchange=True)
    territory_services.set_sharing(actor=None, group=c, territory=elsewhere, exchange=True)
    staff = {g.name: factories.MembershipFactory(group=g, role=Role.DIRECTOR) for g in (a, b, c)}
    return {"a": a, "b": b, "c": c, "territory": territory, "staff": staff}


def publish(group, **extra):
    fields = {
        "actor": None,
        "group": group,
        "kind": "free_hours",
        "job_title": "Agent d'entretien",
        "rome_code": "K2204",
        "weekly_minutes": 600,
        "windows": [(480, 720), (1920, 2160), (3360, 3600)],
        "commune_code": "61001",
        **extra,
    }
    return services.publish_post(**fields)


def test_a_ge_outside_the_territory_sees_none_of_its_posts(world):
    post = publish(world["a"])
    assert post in selectors.posts_for(world["staff"]["GE B"])
    assert not selectors.posts_for(world["staff"]["GE C"]).exists()


def test_names_phones_and_emails_are_refused_in_anonymised_posts(world):
    factories.EmployeeFactory(group=world["a"], first_name="Josiane", last_name="Brétignolles")
    for text, found in [
        ("Appelez le 06 12 34 56 78", "06 12 34 56 78"),
        ("écrire à jo@example.org", "jo@example.org"),
        ("Disponible : Mme Durand", "Mme Durand"),
        ("Josiane a 10 h libres", "josiane"),
        ("Ancienne de chez bretignolles", "bretignolles"),
    ]:
        with pytest.raises(ValidationError) as exc:
            publish(world["a"], description=text)
        assert found in exc.value.message_dict["description"][0]
    assert not selectors.posts_for(world["staff"]["GE A"]).exists()


def test_a_post_outside_the_ge_territories_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        publish(world["a"], commune_code="75056")
    assert "hors territoire" in exc.value.message_dict["commune_code"][0]
    with pytest.raises(ValidationError) as exc:
        publish(world["c"], territories=[world["territory"]])
    assert "n'est pas un territoire du GE" in exc.value.message_dict["territories"][0]


def test_hours_beyond_the_windows_are_refused(world):
    with pytest.raises(ValidationError) as exc:
        publish(world["a"], windows=[(480, 720)])
    assert "dépassent" in exc.value.message_dict["weekly_minutes"][0]


def test_a_ge_does_not_answer_its_own_post(world):
    post = publish(world["a"])
    with pytest.raises(ValidationError) as exc:
        services.respond(actor=None, group=world["a"], post=post, message="Moi")
    assert "propre annonce" in exc.value.message_dict["post"][0]


def test_accepting_with_member_joins_makes_a_draft_need_in_the_employee_ge(world):
    post = publish(world["a"])
    member_b = factories.MemberFactory(group=world["b"], name="Boulangerie B")
    response = services.respond(
        actor=None, group=world["b"], post=post, message="Pour notre adhérent", member=member_b
    )
    response = services.accept(actor=None, response=response, path="member_joins")
    need = response.result_need
    assert need.group == world["a"] and need.status == NeedStatus.DRAFT
    assert Member.objects.get(group=world["a"], siret=member_b.siret).name == "Boulangerie B"
    with pytest.raises(ValidationError):
        services.accept(actor=None, response=response, path="member_joins")


def test_accepting_with_employee_signs_makes_a_candidate_in_the_member_ge(world):
    post = publish(world["a"])
    response = services.respond(actor=None, group=world["b"], post=post, message="Intéressés")
    response = services.accept(actor=None, response=response, path="employee_signs")
    candidate = response.result_candidate
    assert candidate.group == world["b"] and candidate.source == CandidateSource.EXCHANGE
    assert candidate.weekly_minutes_max == post.weekly_minutes and candidate.email == ""
    assert "GE A" in candidate.notes or world["a"].name in candidate.notes
    assert Candidate.objects.count() == 1 and not Need.objects.exists()


def test_posts_expire_after_90_days(world):
    post = publish(world["a"])
    from django.utils import timezone

    assert post.expires_on == timezone.localdate() + datetime.timedelta(days=90)
    assert services.expire_posts(today=post.expires_on) == 0
    assert services.expire_posts(today=post.expires_on + datetime.timedelta(days=1), dry_run=True) == 1
    assert services.expire_posts(today=post.expires_on + datetime.timedelta(days=1)) == 1
    post.refresh_from_db()
    assert post.status == PostStatus.EXPIRED
    assert post not in selectors.posts_for(world["staff"]["GE B"])
