from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mutualis.accounts.models import Membership
from mutualis.accounts.roles import Role
from mutualis.employer_groups.models import EmployerGroup
from mutualis.ge_projects import services, study
from mutualis.ge_projects.models import ProjectStatus
from mutualis.members.models import Member
from mutualis.needs.models import Need, NeedStatus

from .conftest import add_census

pytestmark = pytest.mark.django_db

GROUP = {
    "name": "GE Alençon Partage",
    "legal_form": "association",
    "siren": "732829320",
    "vat_regime": "exempt_261b",
    "invoice_prefix": "GEAP",
    "director_email": "direction@ge-alencon.example",
}


def test_need_lines_name_the_bad_line():
    with pytest.raises(ValidationError) as exc:
        services.parse_need_lines("Agent ; K2204 ; lundi 08:00-12:00\nComptable ; M1203 ; un jour")
    assert exc.value.message_dict["needs"][0].startswith("Ligne 2")
    flexible = services.parse_need_lines("Comptable ; M1203 ; 10 h dans lundi 08:00-18:00, mardi 08:00-18:00")
    assert flexible[0]["kind"] == "flexible" and flexible[0]["weekly_minutes"] == 600


def test_employer_outside_the_territory_is_refused_and_nothing_saved(project, officer):
    with pytest.raises(ValidationError) as exc:
        services.add_employer(
            actor=officer.user,
            project=project,
            name="Loin",
            siret="73282932000074",
            commune_code="75056",
            needs=services.parse_need_lines("Agent ; K2204 ; lundi 08:00-12:00"),
        )
    assert "pas dans le territoire" in exc.value.message_dict["commune_code"][0]
    assert not project.employers.exists()


def test_bad_need_saves_nothing(project, officer):
    with pytest.raises(ValidationError) as exc:
        services.add_employer(
            actor=officer.user,
            project=project,
            name="Boulangerie",
            siret="73282932000074",
            commune_code="61001",
            needs=[{"job_title": "Agent", "rome_code": "K2204", "kind": "fixed", "slots": [[600, 500]]}],
        )
    assert exc.value.message_dict["needs"][0].startswith("Besoin 1")
    assert not project.employers.exists()


def test_study_consolidates_and_computes_the_economics(project, officer):
    add_census(project, officer.user)
    services.run_study(actor=officer.user, project=project)
    project.refresh_from_db()
    result = study.study(project)
    assert result["summary"]["positions"] == 1
    assert result["positions"][0]["member_count"] == 3
    assert result["positions"][0]["weekly"] == "24 h"
    eco = result["economics"]
    # 24 h × 52 = 1,248 paid hours, 88 % billed = 1,098.24; wage 12.50, charges 32 %.
    assert eco["paid_hours"] == Decimal("1248.00")
    assert eco["billed_hours"] == Decimal("1098.24")
    assert eco["price_per_hour"] == Decimal("23.38")  # 12.50 × 1.870 = 23.375, half up
    wage_cost = Decimal("1248") * Decimal("12.5") * Decimal("1.32")
    expected = (wage_cost + Decimal("45000")) / (Decimal("1098.24") * Decimal("12.5"))
    assert eco["break_even_coefficient"] == expected.quantize(Decimal("0.001"))
    assert [y["percent"] for y in result["projection"]] == [60, 85, 100]
    forms = {item["form"][:11]: item["fits"] for item in result["legal"]}
    assert forms["Association"] is True and forms["Groupement "] is False


def test_aids_lower_the_price_and_the_break_even(project, officer):
    add_census(project, officer.user)
    services.update_study_parameters(actor=officer.user, project=project, aids_per_year=Decimal("5491.20"))
    project = services.run_study(actor=officer.user, project=project)
    eco = study.study(project)["economics"]
    assert eco["price_per_hour_with_aids"] == Decimal("18.38")  # 23.375 − 5,491.20 / 1,098.24 = 18.375
    assert eco["break_even_coefficient_with_aids"] < eco["break_even_coefficient"]


def test_create_group_turns_the_project_into_a_ge_in_one_action(project, officer):
    add_census(project, officer.user)
    group = services.create_group(actor=officer.user, project=project, **GROUP)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CREATED and project.group == group
    assert set(Member.objects.filter(group=group).values_list("name", flat=True)) == {
        "Boulangerie Martin",
        "Mairie de Damigny",
        "Garage du Centre",
    }
    needs = Need.objects.filter(group=group)
    assert needs.count() == 3 and set(needs.values_list("status", flat=True)) == {NeedStatus.OPEN}
    assert all(n.site.city in {"Alençon", "Damigny"} for n in needs)
    director = Membership.objects.get(group=group, role=Role.DIRECTOR).user
    assert director.email == GROUP["director_email"]
    assert project.territory.groups.filter(pk=group.pk).exists()
    assert len(mail.outbox) == 0 or "mot de passe" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.create_group(actor=officer.user, project=project, **{**GROUP, "name": "Deuxième"})


def test_create_group_saves_nothing_when_one_field_is_wrong(project, officer):
    add_census(project, officer.user)
    with pytest.raises(ValidationError) as exc:
        services.create_group(actor=officer.user, project=project, **{**GROUP, "siren": "123"})
    assert "siren" in exc.value.message_dict
    assert not EmployerGroup.objects.filter(name=GROUP["name"]).exists()
    assert not Member.objects.filter(name="Boulangerie Martin").exists()
    project.refresh_from_db()
    assert project.status == ProjectStatus.CENSUS
