import datetime

import pytest
from django.core.management import call_command

from mutualis.core.journal import record
from mutualis.core.models import AuditEvent
from tests.factories import ContractFactory


@pytest.mark.django_db
def test_journal_is_append_only(personas):
    event = record(
        action="test.done", actor=personas.director_a.memberships.get().user, group=personas.group_a
    )
    assert event.actor_label == "director_a"
    event.action = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_anonymisation_runs_dry_unless_wet_run(capsys):
    old = ContractFactory(
        fixed_term=True, start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2016, 6, 30)
    )
    recent = ContractFactory(fixed_term=True)
    for contract in (old, recent):
        contract.employee.archived_at = datetime.datetime(2016, 7, 1, tzinfo=datetime.UTC)
        contract.employee.email = "personne@example.org"
        contract.employee.save()
    call_command("anonymise_former_employees")
    old.employee.refresh_from_db()
    assert old.employee.last_name != "ANONYME"
    assert "1 salarié(s) seraient anonymisé(s)" in capsys.readouterr().out
    call_command("anonymise_former_employees", "--wet-run")
    old.employee.refresh_from_db()
    recent.employee.refresh_from_db()
    assert (old.employee.last_name, old.employee.email) == ("ANONYME", "")
    assert recent.employee.last_name != "ANONYME"
