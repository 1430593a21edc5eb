import pytest
from django.contrib import auth
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from rest_framework.authtoken.models import Token

from mutualis.accounts.models import User
from mutualis.employees.models import Contract, Employee
from mutualis.employer_groups.models import EmployerGroup
from mutualis.members.models import Member, Site
from tests import factories

# Distinctive names, so that finding one in an answer is proof of a leak (see matrix.markers).
LABELS = {
    "group_a": (EmployerGroup, "name", "Groupement Alpha"),
    "group_b": (EmployerGroup, "name", "Groupement Bravo"),
    "member_a1": (Member, "name", "Adhérent Alpha-Un"),
    "member_a2": (Member, "name", "Adhérent Alpha-Deux"),
    "member_b1": (Member, "name", "Adhérent Bravo-Un"),
    "site_a1": (Site, "name", "Site Alpha-Un"),
    "site_a2": (Site, "name", "Site Alpha-Deux"),
    "site_b1": (Site, "name", "Site Bravo-Un"),
    "employee_a": (Employee, "last_name", "Salariée-Alpha"),
    "employee_b": (Employee, "last_name", "Salarié-Bravo"),
    "contract_a": (Contract, "job_title", "Poste-Alpha"),
    "contract_b": (Contract, "job_title", "Poste-Bravo"),
}


class World(factories.Personas):
    """The personas of tests/factories.py, a superuser, and a session and an API token per user."""


def add_job_and_import(world, key):
    from mutualis.imports.models import ImportBatch, ImportKind, ImportStatus
    from mutualis.jobs.models import Job

    name = {"a": "Alpha", "b": "Bravo"}[key]
    group, owner = world[f"group_{key}"], world[f"director_{key}"]
    world[f"job_{key}"] = Job.objects.create(group=group, owner=owner, kind="import", label=f"Tâche-{name}")
    world[f"import_{key}"] = ImportBatch.objects.create(
        group=group,
        owner=owner,
        kind=ImportKind.MEMBERS,
        file=f"imports/{group.pk}/fichier-{key}.csv",
        original_name=f"Fichier-{name}.csv",
        status=ImportStatus.READY,
    )
    world["labels"][f"job_{key}"] = f"Tâche-{name}"
    world["labels"][f"import_{key}"] = f"Fichier-{name}.csv"


def session_for(user):
    """A logged-in session for `user`, as Client.force_login makes it, without a request."""
    session = SessionStore()
    session[auth.SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[auth.BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def build_world():
    world = World(factories.build_personas())
    for key, (model, field, label) in LABELS.items():
        model.objects.filter(pk=world[key].pk).update(**{field: label})
        world[key].refresh_from_db()
    world["labels"] = {key: label for key, (_, _, label) in LABELS.items()}
    for key in ("a", "b"):
        add_job_and_import(world, key)
    world["skill"] = factories.SkillFactory(code="K2204-01", label="Nettoyage des locaux", rome_code="K2204")
    world["superuser"] = factories.UserFactory(username="superuser", is_superuser=True, is_staff=True)
    world["sessions"], world["tokens"] = {}, {}
    for name, user in list(world.items()):
        if not isinstance(user, User):
            continue
        world["sessions"][name] = session_for(user)
        world["tokens"][name] = Token.objects.get_or_create(user=user)[0].key
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per module inside a transaction that is rolled back at the end (tests nest in it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
