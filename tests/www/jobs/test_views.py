import pytest
from django.urls import reverse

from mutualis.jobs.models import Job, JobStatus


@pytest.fixture
def jobs(personas):
    return {
        "planner_a": Job.objects.create(
            kind="demo", label="Import du planificateur", group=personas.group_a, owner=personas.planner_a
        ),
        "contact_a1": Job.objects.create(
            kind="demo", label="Tâche du contact", group=personas.group_a, owner=personas.contact_a1
        ),
        "director_b": Job.objects.create(
            kind="demo", label="Tâche du GE B", group=personas.group_b, owner=personas.director_b
        ),
    }


@pytest.mark.django_db
def test_staff_list_all_group_jobs(client, personas, jobs):
    client.force_login(personas.accountant_a)
    content = client.get(reverse("jobs:list")).content.decode()
    assert "Import du planificateur" in content
    assert "Tâche du contact" in content
    assert "Tâche du GE B" not in content


@pytest.mark.django_db
def test_others_list_only_their_own_jobs(client, personas, jobs):
    client.force_login(personas.contact_a1)
    content = client.get(reverse("jobs:list")).content.decode()
    assert "Tâche du contact" in content
    assert "Import du planificateur" not in content


@pytest.mark.django_db
def test_list_filters_by_status_and_paginates(client, personas, jobs):
    Job.objects.filter(pk=jobs["planner_a"].pk).update(status=JobStatus.FAILED)
    client.force_login(personas.director_a)
    content = client.get(reverse("jobs:list"), {"statut": "failed"}).content.decode()
    assert "Import du planificateur" in content
    assert "Tâche du contact" not in content
    Job.objects.bulk_create(Job(kind="demo", label=f"n{i}", group=personas.group_a) for i in range(30))
    response = client.get(reverse("jobs:list"), {"page": 2})
    assert len(response.context["page"].object_list) == 7


@pytest.mark.django_db
def test_list_query_count_does_not_grow(client, personas, jobs, django_assert_max_num_queries):
    client.force_login(personas.director_a)
    client.get(reverse("jobs:list"))
    Job.objects.bulk_create(
        Job(kind="demo", label=f"n{i}", group=personas.group_a, owner=personas.planner_a) for i in range(20)
    )
    with django_assert_max_num_queries(8):
        client.get(reverse("jobs:list"))


@pytest.mark.django_db
def test_detail_shows_polling_progress_bar(client, personas, jobs):
    job = jobs["planner_a"]
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=40, message="Ligne 400")
    client.force_login(personas.planner_a)
    content = client.get(reverse("jobs:detail", args=[job.public_id])).content.decode()
    assert '<progress id="job-bar-' in content
    assert 'value="40"' in content
    assert 'role="status"' in content
    assert 'hx-trigger="every 1s"' in content
    assert reverse("jobs:progress", args=[job.public_id]) + "?refresh=1" in content
    assert "Ligne 400" in content
    assert reverse("jobs:cancel", args=[job.public_id]) in content


@pytest.mark.django_db
def test_finished_job_detail_does_not_poll_and_shows_result(client, personas, jobs):
    job = jobs["planner_a"]
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED, progress=100, result={"summary": "1 200 lignes importées."}
    )
    client.force_login(personas.planner_a)
    content = client.get(reverse("jobs:detail", args=[job.public_id])).content.decode()
    assert "hx-trigger" not in content
    assert "1 200 lignes importées." in content
    assert reverse("jobs:cancel", args=[job.public_id]) not in content


@pytest.mark.django_db
def test_failed_job_shows_error(client, personas, jobs):
    job = jobs["planner_a"]
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="ValueError: fichier illisible")
    client.force_login(personas.planner_a)
    content = client.get(reverse("jobs:detail", args=[job.public_id])).content.decode()
    assert "ValueError: fichier illisible" in content


@pytest.mark.django_db
def test_progress_partial_polls_then_stops(client, personas, jobs):
    job = jobs["planner_a"]
    url = reverse("jobs:progress", args=[job.public_id])
    client.force_login(personas.planner_a)
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<progress" in response.content.decode()
    assert "<html" not in response.content.decode()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, progress=100)
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 286  # htmx stops polling
    assert "HX-Refresh" not in response
    response = client.get(url + "?refresh=1", headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_cancel_by_owner(client, personas, jobs):
    job = jobs["planner_a"]
    client.force_login(personas.planner_a)
    response = client.post(reverse("jobs:cancel", args=[job.public_id]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.cancel_requested


@pytest.mark.django_db
def test_cancel_refused_to_colleague_and_get(client, personas, jobs):
    job = jobs["planner_a"]
    client.force_login(personas.accountant_a)
    assert client.post(reverse("jobs:cancel", args=[job.public_id])).status_code == 403
    client.force_login(personas.planner_a)
    assert client.get(reverse("jobs:cancel", args=[job.public_id])).status_code == 405
    job.refresh_from_db()
    assert not job.cancel_requested


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["jobs:detail", "jobs:progress"])
def test_other_group_or_other_owner_gets_404(client, personas, jobs, name):
    client.force_login(personas.director_a)
    assert client.get(reverse(name, args=[jobs["director_b"].public_id])).status_code == 404
    client.force_login(personas.contact_a1)
    assert client.get(reverse(name, args=[jobs["planner_a"].public_id])).status_code == 404
    assert client.get(reverse(name, args=[jobs["contact_a1"].public_id])).status_code == 200


@pytest.mark.django_db
def test_cancel_other_group_gets_404(client, personas, jobs):
    client.force_login(personas.director_a)
    assert client.post(reverse("jobs:cancel", args=[jobs["director_b"].public_id])).status_code == 404


@pytest.mark.django_db
def test_anonymous_redirected_to_login(client, jobs):
    response = client.get(reverse("jobs:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
