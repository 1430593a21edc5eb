import datetime
import itertools
from decimal import Decimal

import factory

from mutualis.accounts.models import Membership, User
from mutualis.accounts.roles import Role
from mutualis.core.identifiers import make_siren, make_siret
from mutualis.employees.models import Contract, ContractKind, Employee, Skill, SkillKind
from mutualis.employer_groups.models import EmployerGroup, LegalForm, VatRegime
from mutualis.members.models import Member, MemberKind, MemberVatStatus, Site

_numbers = itertools.count(10_000)

PASSWORD = "mot-de-passe-de-test"


class EmployerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerGroup

    name = factory.Sequence(lambda n: f"GE Test {n}")
    slug = factory.Sequence(lambda n: f"ge-test-{n}")
    legal_form = LegalForm.ASSOCIATION
    siren = factory.LazyFunction(lambda: make_siren(next(_numbers)))
    vat_regime = VatRegime.SUBJECT
    invoice_prefix = factory.Sequence(lambda n: f"GE{n}")
    idcc = "1516"

    class Params:
        at_cost = factory.Trait(vat_regime=VatRegime.EXEMPT_261B)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    group = factory.SubFactory(EmployerGroupFactory)
    name = factory.Sequence(lambda n: f"Adhérent {n}")
    kind = MemberKind.COMPANY
    siret = factory.LazyFunction(lambda: make_siret(next(_numbers)))
    vat_status = MemberVatStatus.SUBJECT
    joined_on = datetime.date(2024, 1, 1)

    class Params:
        public_body = factory.Trait(kind=MemberKind.PUBLIC_BODY, vat_status=MemberVatStatus.NOT_SUBJECT)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    member = factory.SubFactory(MemberFactory)
    group = factory.SelfAttribute("member.group")
    name = factory.Sequence(lambda n: f"Site {n}")
    city = "Alençon"
    postcode = "61000"
    latitude = Decimal("48.432100")
    longitude = Decimal("0.091200")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"SK{n}")
    label = factory.Sequence(lambda n: f"Compétence {n}")
    kind = SkillKind.TECHNICAL


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    group = factory.SubFactory(EmployerGroupFactory)
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    employee = factory.SubFactory(EmployeeFactory)
    group = factory.SelfAttribute("employee.group")
    kind = ContractKind.CDI
    job_title = "Agent d'entretien"
    rome_code = "K2204"
    weekly_hours = Decimal("35.00")
    gross_hourly_wage = Decimal("12.5000")
    start_date = datetime.date(2025, 1, 1)

    class Params:
        fixed_term = factory.Trait(kind=ContractKind.CDD, end_date=datetime.date(2026, 12, 31))
        pec = factory.Trait(
            kind=ContractKind.PEC,
            end_date=datetime.date(2026, 12, 31),
            aid_rate_percent=Decimal("60.00"),
            aid_weekly_hours_cap=Decimal("20.00"),
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    group = factory.SubFactory(EmployerGroupFactory)
    role = Role.DIRECTOR


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organisations.Organisation"

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = "insertion_structure"
    postcode = "61000"
    city = "Alençon"


class Personas(dict):
    __getattr__ = dict.__getitem__


def build_personas():
    """Two GEs (a, b) with one user per role; GE a has two members (a1, a2), each with a contact.

    Keys: group_a, group_b, member_a1, member_a2, member_b1, employee_a, employee_b, and users
    '<role>_<a|b>' plus 'contact_a1', 'contact_a2', 'contact_b1', 'outsider' (no membership).
    """
    p = Personas()
    for key in ("a", "b"):
        group = EmployerGroupFactory(name=f"GE {key.upper()}", slug=f"ge-{key}")
        p[f"group_{key}"] = group
        p[f"member_{key}1"] = MemberFactory(group=group, name=f"Adhérent {key.upper()}1")
        p[f"site_{key}1"] = SiteFactory(member=p[f"member_{key}1"])
        employee = EmployeeFactory(group=group, home_site=p[f"site_{key}1"])
        contract = ContractFactory(employee=employee)
        contract.potential_members.add(p[f"member_{key}1"])
        contract.places.add(p[f"site_{key}1"])
        p[f"employee_{key}"] = employee
        p[f"contract_{key}"] = contract
        for role in (Role.DIRECTOR, Role.PLANNER, Role.ACCOUNTANT, Role.PARTNER, Role.OBSERVER):
            p[f"{role}_{key}"] = MembershipFactory(
                user__username=f"{role}_{key}", group=group, role=role
            ).user
        p[f"employee_user_{key}"] = MembershipFactory(
            user__username=f"salarie_{key}", group=group, role=Role.EMPLOYEE, employee=employee
        ).user
        p[f"contact_{key}1"] = MembershipFactory(
            user__username=f"contact_{key}1",
            group=group,
            role=Role.MEMBER_CONTACT,
            member=p[f"member_{key}1"],
        ).user
    p["member_a2"] = MemberFactory(group=p.group_a, name="Adhérent A2")
    p["site_a2"] = SiteFactory(member=p.member_a2)
    p["contact_a2"] = MembershipFactory(
        user__username="contact_a2", group=p.group_a, role=Role.MEMBER_CONTACT, member=p.member_a2
    ).user
    p["outsider"] = UserFactory(username="outsider")
    # A professional of an outside organisation (an insertion structure), in no GE.
    p["organisation_x"] = OrganisationFactory(name="Structure Xray")
    p["partner_org"] = MembershipFactory(
        user__username="partner_org", group=None, organisation=p.organisation_x, role=Role.PARTNER
    ).user
    # A user of a territorial organisation (a CRGE), in no GE: works across the GEs of the
    # organisation's territories with only what each GE shares (mutualis/territories).
    p["organisation_t"] = OrganisationFactory(name="CRGE Tango", kind="territorial_body")
    p["officer_t"] = MembershipFactory(
        user__username="officer_t", group=None, organisation=p.organisation_t, role=Role.TERRITORIAL_OFFICER
    ).user
    # A person accompanied (insertion): her membership is on no GE and no organisation.
    p["person_x"] = MembershipFactory(
        user__username="person_x", group=None, organisation=None, role=Role.PERSON
    ).user
    return p


# --- Planning (issue 5) ---


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.Assignment"

    employee = factory.SubFactory(EmployeeFactory)
    group = factory.SelfAttribute("employee.group")
    member = factory.SubFactory(MemberFactory, group=factory.SelfAttribute("..group"))
    site = factory.SubFactory(SiteFactory, member=factory.SelfAttribute("..member"))
    start_date = datetime.date(2025, 1, 6)
    status = "active"


class AssignmentSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.AssignmentSlot"

    assignment = factory.SubFactory(AssignmentFactory)
    weekday = 0
    start_time = datetime.time(8, 0)
    end_time = datetime.time(12, 0)


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.Absence"

    employee = factory.SubFactory(EmployeeFactory)
    group = factory.SelfAttribute("employee.group")
    kind = "paid_leave"
    start = datetime.datetime(2025, 1, 6, tzinfo=datetime.UTC)
    end = datetime.datetime(2025, 1, 7, tzinfo=datetime.UTC)
