"""The demonstration job advances in steps and finishes (ImmediateBackend in tests)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mutualis.jobs.models import Job, JobStatus
from tests.factories import MembershipFactory


@pytest.mark.django_db
def test_start_demo_job_runs_to_completion(django_capture_on_commit_callbacks):
    user = MembershipFactory(user__username="demo-runner").user
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("start_demo_job", "demo-runner", "--steps", "3", "--delay", "0", stdout=out)
    job = Job.objects.get(public_id=out.getvalue().strip())
    assert job.owner == user
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    assert job.message == "Étape 3 sur 3"
    assert job.result["summary"] == "Tâche de démonstration terminée en 3 étapes."


@pytest.mark.django_db
def test_start_demo_job_needs_a_user_with_a_group():
    with pytest.raises(CommandError, match="Aucun utilisateur"):
        call_command("start_demo_job", "personne")
    MembershipFactory(user__username="sans-ge", group__is_active=False)
    with pytest.raises(CommandError, match="rattaché à aucun groupement"):
        call_command("start_demo_job", "sans-ge")
