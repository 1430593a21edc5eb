import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from mutualis.core.models import AuditEvent
from mutualis.employees.models import Contract, ContractKind
from tests.factories import ContractFactory, EmployeeFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _data(personas, **overrides):
    data = {
        "kind": ContractKind.CDI,
        "job_title": "Agent d'accueil",
        "qualification": "",
        "rome_code": "M1601",
        "weekly_hours": "28,5",
        "gross_hourly_wage": "12,4512",
        "start_date": "2025-09-01",
        "end_date": "",
        "aid_rate_percent": "",
        "aid_weekly_hours_cap": "",
        "aid_yearly_amount": "",
        "aid_start_date": "",
        "aid_end_date": "",
        "aid_reference": "",
        "potential_members": [personas.member_a1.pk, personas.member_a2.pk],
        "places": [personas.site_a1.pk, personas.site_a2.pk],
    }
    data.update(overrides)
    return data


def _create_url(personas):
    return reverse("employees:contract_create", args=[personas.employee_a.public_id])


def test_director_creates_a_contract_with_its_l1253_9_list(client, personas):
    client.force_login(personas.director_a)
    response = client.post(_create_url(personas), _data(personas))
    contract = Contract.objects.get(job_title="Agent d'accueil")
    assert response["Location"] == reverse("employees:contract_detail", args=[contract.public_id])
    assert contract.weekly_hours == Decimal("28.50")
    assert contract.gross_hourly_wage == Decimal("12.4512")
    assert set(contract.potential_members.all()) == {personas.member_a1, personas.member_a2}
    assert set(contract.places.all()) == {personas.site_a1, personas.site_a2}
    assert AuditEvent.objects.filter(action="contract.created", target_id=str(contract.public_id)).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "Adhérent A2" in detail and personas.site_a2.name in detail


def test_aided_contract_keeps_its_aid_parameters(client, personas):
    client.force_login(personas.planner_a)
    data = _data(
        personas,
        kind=ContractKind.PEC,
        end_date="2026-08-31",
        aid_rate_percent="60",
        aid_weekly_hours_cap="20",
        aid_reference="PEC-61-2025-001",
    )
    assert client.post(_create_url(personas), data).status_code == 302
    contract = Contract.objects.get(aid_reference="PEC-61-2025-001")
    assert contract.aid_rate_percent == Decimal("60") and contract.end_date == datetime.date(2026, 8, 31)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": ContractKind.CDD}, "end_date", "doit avoir une date de fin"),
        ({"end_date": "2025-01-01"}, "end_date", "précède la date de début"),
        ({"aid_yearly_amount": "1000"}, "aid_yearly_amount", "contrat aidé"),
        ({"aid_rate_percent": "50"}, "aid_rate_percent", "contrat aidé"),
        ({"weekly_hours": "60"}, "weekly_hours", "inférieure ou égale à 48"),
        ({"gross_hourly_wage": "abc"}, "gross_hourly_wage", "nombre"),
        ({"rome_code": "123"}, "rome_code", "code ROME"),
        ({"potential_members": [], "places": [1]}, "places", None),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(client, personas, overrides, field, message):
    if overrides.get("places") == [1]:
        overrides["places"] = [personas.site_a1.pk]
        message = "absent de la liste des utilisateurs potentiels"
    client.force_login(personas.director_a)
    before = Contract.objects.count()
    response = client.post(_create_url(personas), _data(personas, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert Contract.objects.count() == before


def test_members_and_sites_of_another_group_are_not_choices(client, personas):
    client.force_login(personas.director_a)
    data = _data(personas, potential_members=[personas.member_b1.pk], places=[personas.site_b1.pk])
    response = client.post(_create_url(personas), data)
    errors = response.context["form"].errors
    assert "potential_members" in errors and "places" in errors
    form = client.get(_create_url(personas)).context["form"]
    assert personas.member_b1 not in form.fields["potential_members"].queryset
    assert personas.site_b1 not in form.fields["places"].queryset


def test_archived_members_are_offered_only_when_already_listed(client, personas):
    archived = MemberFactory(
        group=personas.group_a, archived_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    client.force_login(personas.director_a)
    assert (
        archived not in client.get(_create_url(personas)).context["form"].fields["potential_members"].queryset
    )
    personas.contract_a.potential_members.add(archived)
    url = reverse("employees:contract_update", args=[personas.contract_a.public_id])
    assert archived in client.get(url).context["form"].fields["potential_members"].queryset


def test_edit_and_archive_a_contract(client, personas):
    client.force_login(personas.planner_a)
    contract = personas.contract_a
    url = reverse("employees:contract_update", args=[contract.public_id])
    data = _data(personas, potential_members=[personas.member_a2.pk], places=[personas.site_a2.pk])
    assert client.post(url, data).status_code == 302
    contract.refresh_from_db()
    assert list(contract.potential_members.all()) == [personas.member_a2]
    assert contract.job_title == "Agent d'accueil"
    client.post(reverse("employees:contract_archive", args=[contract.public_id]))
    contract.refresh_from_db()
    assert contract.archived_at is not None
    client.post(reverse("employees:contract_unarchive", args=[contract.public_id]))
    contract.refresh_from_db()
    assert contract.archived_at is None


def test_accountant_reads_contracts_only(client, personas):
    client.force_login(personas.accountant_a)
    contract = personas.contract_a
    assert client.get(reverse("employees:contract_detail", args=[contract.public_id])).status_code == 200
    assert client.get(reverse("employees:contracts")).status_code == 200
    assert client.post(_create_url(personas), _data(personas)).status_code == 403
    url = reverse("employees:contract_update", args=[contract.public_id])
    assert client.post(url, _data(personas)).status_code == 403
    assert client.post(reverse("employees:contract_archive", args=[contract.public_id])).status_code == 403
    contract.refresh_from_db()
    assert contract.archived_at is None and contract.job_title != "Agent d'accueil"


def test_employee_reads_own_contracts_only(client, personas):
    client.force_login(personas.employee_user_a)
    own = personas.contract_a
    response = client.get(reverse("employees:contract_detail", args=[own.public_id]))
    assert response.status_code == 200
    assert reverse("employees:contract_update", args=[own.public_id]) not in response.content.decode()
    other = ContractFactory(employee=EmployeeFactory(group=personas.group_a))
    assert client.get(reverse("employees:contract_detail", args=[other.public_id])).status_code == 404
    assert client.get(reverse("employees:contract_update", args=[own.public_id])).status_code == 404
    assert client.post(reverse("employees:contract_archive", args=[own.public_id])).status_code == 404
    assert client.get(reverse("employees:contracts")).status_code == 404


@pytest.mark.parametrize("role", ["contact_a1", "partner_a", "observer_a", "outsider", "director_b"])
def test_others_get_404_on_contracts(client, personas, role):
    client.force_login(personas[role])
    contract = personas.contract_a
    for name in ("employees:contract_detail", "employees:contract_annex_pdf"):
        assert client.get(reverse(name, args=[contract.public_id])).status_code == 404
    assert client.post(reverse("employees:contract_archive", args=[contract.public_id])).status_code == 404


def test_contract_list_filters_and_query_count(client, personas, django_assert_max_num_queries):
    for _ in range(30):
        contract = ContractFactory(employee=EmployeeFactory(group=personas.group_a), fixed_term=True)
        contract.potential_members.add(personas.member_a2)
    client.force_login(personas.director_a)
    url = reverse("employees:contracts")
    with django_assert_max_num_queries(12):
        response = client.get(url, {"kind": "cdd"})
    assert response.context["table"].paginator.count == 30
    response = client.get(url, {"member": str(personas.member_a1.public_id)})
    assert list(response.context["filter"].qs) == [personas.contract_a]
    assert personas.contract_b not in client.get(url, {"status": "all"}).context["filter"].qs


def test_part_time_floor_warning(client, personas):
    contract = ContractFactory(employee=personas.employee_a, weekly_hours=Decimal("10"))
    client.force_login(personas.director_a)
    content = client.get(reverse("employees:contract_detail", args=[contract.public_id])).content.decode()
    assert "inférieure à 24 h" in content
