import pytest
from django.urls import reverse

from mutualis.employees.models import Contract, Employee
from tests.factories import ContractFactory, EmployeeFactory, SiteFactory, SkillFactory

EMPLOYEES = reverse("api:employee-list")
CONTRACTS = reverse("api:contract-list")


def employee_url(employee):
    return reverse("api:employee-detail", kwargs={"public_id": employee.public_id})


def contract_url(contract):
    return reverse("api:contract-detail", kwargs={"public_id": contract.public_id})


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def new_contract(personas, **extra):
    return {
        "employee": str(personas.employee_a.public_id),
        "kind": "cdd",
        "job_title": "Secrétaire",
        "rome_code": "m1607",
        "weekly_hours": "10.00",
        "gross_hourly_wage": "12.6000",
        "start_date": "2025-09-01",
        "end_date": "2026-08-31",
        "potential_members": [str(personas.member_a1.public_id), str(personas.member_a2.public_id)],
        "places": [str(personas.site_a2.public_id)],
        **extra,
    }


@pytest.mark.django_db
def test_employee_reads_only_self_and_own_contracts(personas, api):
    ContractFactory(employee=EmployeeFactory(group=personas.group_a))
    client = api("employee_user_a")
    assert ids(client.get(EMPLOYEES)) == {str(personas.employee_a.public_id)}
    assert ids(client.get(CONTRACTS)) == {str(personas.contract_a.public_id)}
    assert client.post(CONTRACTS, new_contract(personas), format="json").status_code == 403


@pytest.mark.parametrize("name", ["contact_a1", "partner_a", "observer_a", "director_b"])
@pytest.mark.django_db
def test_others_see_no_employee_of_group_a(personas, api, name):
    client = api(name)
    assert str(personas.employee_a.public_id) not in ids(client.get(EMPLOYEES))
    assert str(personas.contract_a.public_id) not in ids(client.get(CONTRACTS))
    assert client.get(employee_url(personas.employee_a)).status_code == 404
    assert client.get(contract_url(personas.contract_a)).status_code == 404


@pytest.mark.django_db
def test_create_employee_with_skills_and_home_site(personas, api):
    skill = SkillFactory(code="K2204-01", label="Nettoyage des locaux")
    data = {
        "first_name": "Léa",
        "last_name": "Durand",
        "postcode": "61000",
        "home_site": str(personas.site_a1.public_id),
        "skills": [skill.code],
    }
    response = api("planner_a").post(EMPLOYEES, data, format="json")
    assert response.status_code == 201, response.json()
    employee = Employee.objects.get(public_id=response.json()["id"])
    assert employee.group == personas.group_a
    assert list(employee.skills.all()) == [skill]
    assert response.json()["home_site"] == str(personas.site_a1.public_id)


@pytest.mark.django_db
def test_employee_bad_input(personas, api):
    client = api("director_a")
    data = {"first_name": "Léa", "last_name": "Durand", "postcode": "610", "skills": ["INCONNU"]}
    response = client.post(EMPLOYEES, data, format="json")
    assert response.status_code == 400
    assert response.json()["postcode"] == ["Le code postal compte 5 chiffres."]
    assert "skills" in response.json()
    data = {"first_name": "Léa", "last_name": "Durand", "home_site": str(personas.site_b1.public_id)}
    response = client.post(EMPLOYEES, data, format="json")
    assert response.status_code == 400
    assert "home_site" in response.json()
    assert not Employee.objects.filter(last_name="Durand").exists()


@pytest.mark.django_db
def test_create_contract_with_l1253_9_list(personas, api):
    response = api("director_a").post(CONTRACTS, new_contract(personas), format="json")
    assert response.status_code == 201, response.json()
    contract = Contract.objects.get(public_id=response.json()["id"])
    assert contract.rome_code == "M1607"
    assert set(contract.potential_members.all()) == {personas.member_a1, personas.member_a2}
    assert list(contract.places.all()) == [personas.site_a2]
    assert response.json()["weekly_hours"] == "10.00"


@pytest.mark.django_db
def test_contract_rules_name_their_field(personas, api):
    client = api("director_a")
    cases = {
        "end_date": new_contract(personas, end_date=None),
        "places": new_contract(personas, potential_members=[str(personas.member_a1.public_id)]),
        "aid_rate_percent": new_contract(personas, aid_rate_percent="50.00"),
        "weekly_hours": new_contract(personas, weekly_hours="60"),
        "rome_code": new_contract(personas, rome_code="ZZ"),
    }
    for field, data in cases.items():
        response = client.post(CONTRACTS, data, format="json")
        assert response.status_code == 400, field
        assert field in response.json(), (field, response.json())
    assert Contract.objects.count() == 2


@pytest.mark.django_db
def test_contract_cannot_list_another_groups_member_or_place(personas, api):
    client = api("director_a")
    data = new_contract(personas, potential_members=[str(personas.member_b1.public_id)], places=[])
    response = client.post(CONTRACTS, data, format="json")
    assert response.status_code == 400
    assert "potential_members" in response.json()
    data = new_contract(personas, employee=str(personas.employee_b.public_id))
    assert "employee" in client.post(CONTRACTS, data, format="json").json()


@pytest.mark.django_db
def test_archived_place_cannot_be_newly_chosen(personas, api):
    archived = SiteFactory(member=personas.member_a2)
    archived.archived_at = archived.created_at
    archived.save()
    data = new_contract(personas, places=[str(archived.public_id)])
    response = api("director_a").post(CONTRACTS, data, format="json")
    assert response.status_code == 400
    assert "places" in response.json()


@pytest.mark.django_db
def test_patch_contract_keeps_employee_and_checks_rules(personas, api):
    client = api("planner_a")
    url = contract_url(personas.contract_a)
    response = client.patch(url, {"weekly_hours": "24.00"}, format="json")
    assert response.status_code == 200, response.json()
    response = client.patch(
        url, {"employee": str(EmployeeFactory(group=personas.group_a).public_id)}, format="json"
    )
    assert response.status_code == 400
    assert "employee" in response.json()
    response = client.patch(url, {"kind": "cdd"}, format="json")
    assert response.status_code == 400
    assert "end_date" in response.json()
    personas.contract_a.refresh_from_db()
    assert personas.contract_a.kind == "cdi"
    assert str(personas.contract_a.weekly_hours) == "24.00"


@pytest.mark.django_db
def test_archive_employee_and_contract(personas, api):
    client = api("director_a")
    assert client.delete(contract_url(personas.contract_a)).status_code == 204
    assert client.delete(employee_url(personas.employee_a)).status_code == 204
    personas.employee_a.refresh_from_db()
    personas.contract_a.refresh_from_db()
    assert personas.employee_a.archived_at and personas.contract_a.archived_at
    assert ids(client.get(CONTRACTS, {"archived": "false"})) == set()


@pytest.mark.django_db
def test_contract_filters(personas, api):
    other = ContractFactory(employee=EmployeeFactory(group=personas.group_a), fixed_term=True)
    client = api("director_a")
    assert ids(client.get(CONTRACTS, {"kind": "cdd"})) == {str(other.public_id)}
    assert ids(client.get(CONTRACTS, {"employee": str(personas.employee_a.public_id)})) == {
        str(personas.contract_a.public_id)
    }
    assert ids(client.get(CONTRACTS, {"member": str(personas.member_a1.public_id)})) == {
        str(personas.contract_a.public_id)
    }
    assert ids(client.get(CONTRACTS, {"current_on": "2024-06-01"})) == set()


@pytest.mark.django_db
def test_lists_do_not_grow_queries_with_rows(personas, api, django_assert_max_num_queries):
    for _ in range(5):
        contract = ContractFactory(
            employee=EmployeeFactory(group=personas.group_a, home_site=personas.site_a1)
        )
        contract.potential_members.add(personas.member_a1)
        contract.places.add(personas.site_a1)
        contract.employee.skills.add(SkillFactory())
    client = api("director_a")
    with django_assert_max_num_queries(9):
        assert client.get(EMPLOYEES).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(CONTRACTS).status_code == 200
