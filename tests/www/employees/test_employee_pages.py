import pytest
from django.urls import reverse

from mutualis.core.models import AuditEvent
from mutualis.employees.models import Employee, SkillKind
from tests.factories import ContractFactory, EmployeeFactory, SiteFactory, SkillFactory

pytestmark = pytest.mark.django_db


def _data(personas, **overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Lefèvre",
        "birth_date": "1990-05-04",
        "email": "camille@example.org",
        "phone": "",
        "address": "",
        "postcode": "61000",
        "city": "Alençon",
        "home_site": personas.site_a1.pk,
    }
    data.update(overrides)
    return data


def test_skills_are_grouped_by_kind_on_the_form(client, personas):
    SkillFactory(label="Conduite d'autolaveuse", kind=SkillKind.TECHNICAL, rome_code="K2204")
    SkillFactory(label="Travail en équipe", kind=SkillKind.TRANSVERSAL)
    SkillFactory(label="Ponctualité", kind=SkillKind.BEHAVIOURAL)
    client.force_login(personas.director_a)
    response = client.get(reverse("employees:create"))
    content = response.content.decode()
    assert "<legend>Compétences techniques</legend>" in content
    assert "<legend>Compétences transversales</legend>" in content
    assert "<legend>Compétences comportementales</legend>" in content
    form = response.context["form"]
    # Each field offers only its kind (the shipped referential plus the skills added here).
    behavioural = {s.label for s in form.fields["skills_behavioural"].queryset}
    assert "Ponctualité" in behavioural and "Conduite d'autolaveuse" not in behavioural
    assert {s.kind for s in form.fields["skills_behavioural"].queryset} == {SkillKind.BEHAVIOURAL}


def test_planner_creates_an_employee_with_skills(client, personas):
    tech = SkillFactory(kind=SkillKind.TECHNICAL)
    soft = SkillFactory(kind=SkillKind.BEHAVIOURAL)
    client.force_login(personas.planner_a)
    data = _data(personas, skills_technical=[tech.pk], skills_behavioural=[soft.pk])
    response = client.post(reverse("employees:create"), data)
    employee = Employee.objects.get(last_name="Lefèvre")
    assert response["Location"] == reverse("employees:detail", args=[employee.public_id])
    assert employee.group == personas.group_a and employee.home_site == personas.site_a1
    assert set(employee.skills.all()) == {tech, soft}
    assert AuditEvent.objects.filter(action="employee.created", target_id=str(employee.public_id)).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "Comportementale" in detail and soft.label in detail


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"last_name": ""}, "last_name"),
        ({"email": "pas-un-courriel"}, "email"),
        ({"postcode": "6100"}, "postcode"),
        ({"birth_date": "04/05/1990x"}, "birth_date"),
    ],
)
def test_bad_input_names_the_field(client, personas, overrides, field):
    client.force_login(personas.director_a)
    response = client.post(reverse("employees:create"), _data(personas, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Employee.objects.filter(first_name="Camille").exists()


def test_home_site_of_another_group_is_not_a_choice(client, personas):
    client.force_login(personas.director_a)
    response = client.post(reverse("employees:create"), _data(personas, home_site=personas.site_b1.pk))
    assert "home_site" in response.context["form"].errors
    assert not Employee.objects.filter(first_name="Camille").exists()


def test_edit_archive_unarchive(client, personas):
    client.force_login(personas.director_a)
    employee = personas.employee_a
    url = reverse("employees:update", args=[employee.public_id])
    assert client.get(url).status_code == 200
    assert client.post(url, _data(personas, first_name="Dominique")).status_code == 302
    employee.refresh_from_db()
    assert employee.first_name == "Dominique"
    client.post(reverse("employees:archive", args=[employee.public_id]))
    employee.refresh_from_db()
    assert employee.archived_at is not None
    client.post(reverse("employees:unarchive", args=[employee.public_id]))
    employee.refresh_from_db()
    assert employee.archived_at is None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"employee.updated", "employee.archived", "employee.unarchived"} <= actions


def test_accountant_reads_only(client, personas):
    client.force_login(personas.accountant_a)
    employee = personas.employee_a
    assert client.get(reverse("employees:list")).status_code == 200
    assert client.get(reverse("employees:detail", args=[employee.public_id])).status_code == 200
    assert client.post(reverse("employees:create"), _data(personas)).status_code == 403
    assert (
        client.post(reverse("employees:update", args=[employee.public_id]), _data(personas)).status_code
        == 403
    )
    assert client.post(reverse("employees:archive", args=[employee.public_id])).status_code == 403
    employee.refresh_from_db()
    assert employee.archived_at is None and employee.first_name != "Camille"


def test_employee_sees_own_page_read_only(client, personas):
    client.force_login(personas.employee_user_a)
    own = personas.employee_a
    response = client.get(reverse("employees:detail", args=[own.public_id]))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("employees:update", args=[own.public_id]) not in content
    assert reverse("employees:contract_detail", args=[personas.contract_a.public_id]) in content
    colleague = EmployeeFactory(group=personas.group_a)
    assert client.get(reverse("employees:detail", args=[colleague.public_id])).status_code == 404
    assert client.get(reverse("employees:list")).status_code == 404
    assert client.get(reverse("employees:update", args=[own.public_id])).status_code == 404


@pytest.mark.parametrize("role", ["contact_a1", "partner_a", "observer_a", "outsider", "director_b"])
def test_others_get_404(client, personas, role):
    client.force_login(personas[role])
    employee = personas.employee_a
    assert client.get(reverse("employees:detail", args=[employee.public_id])).status_code == 404
    assert client.post(reverse("employees:archive", args=[employee.public_id])).status_code == 404


def test_list_filters(client, personas):
    skill = SkillFactory(kind=SkillKind.TECHNICAL)
    skilled = EmployeeFactory(group=personas.group_a, last_name="Martin", city="Sées")
    skilled.skills.add(skill)
    ContractFactory(employee=skilled, fixed_term=True)
    client.force_login(personas.director_a)
    url = reverse("employees:list")
    assert list(client.get(url, {"q": "mart"}).context["filter"].qs) == [skilled]
    assert list(client.get(url, {"city": "sées"}).context["filter"].qs) == [skilled]
    assert list(client.get(url, {"skill": skill.pk}).context["filter"].qs) == [skilled]
    assert list(client.get(url, {"contract_kind": "cdd"}).context["filter"].qs) == [skilled]
    assert personas.employee_b not in client.get(url, {"status": "all"}).context["filter"].qs


def test_list_query_count_is_bounded(client, personas, django_assert_max_num_queries):
    for _ in range(30):
        employee = EmployeeFactory(group=personas.group_a, home_site=SiteFactory(member=personas.member_a1))
        ContractFactory(employee=employee)
    client.force_login(personas.director_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employees:list"))
    assert len(response.context["table"].page.object_list) == 25
    with django_assert_max_num_queries(12):
        client.get(reverse("employees:list"), {"_export": "csv"})
