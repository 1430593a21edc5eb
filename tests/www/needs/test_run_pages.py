import pytest
from django.core import mail
from django.urls import reverse

from mutualis.needs.models import ConsolidationRun, NeedStatus, Position, RunStatus
from mutualis.needs.timeline import to_minutes
from tests.needs.factories import NeedFactory


def morning(day):
    return (to_minutes(day, 8), to_minutes(day, 12))


@pytest.fixture
def needs(personas):
    return [
        NeedFactory(member=personas.member_a1, site=personas.site_a1, slots=[morning(0), morning(1)]),
        NeedFactory(member=personas.member_a2, site=personas.site_a2, slots=[morning(2), morning(3)]),
        NeedFactory(member=personas.member_b1, site=personas.site_b1),
    ]


def run_post(**overrides):
    data = {
        "label": "Essai",
        "max_weekly_hours": "35",
        "min_weekly_hours": "0",
        "max_daily_hours": "10",
        "min_daily_rest_hours": "11",
        "max_members_per_position": "4",
        "travel_speed_kmh": "40",
        "time_limit_seconds": "1",
        "seed": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_planner_runs_a_consolidation_sees_the_results_and_accepts_a_position(
    client, personas, needs, django_capture_on_commit_callbacks
):
    client.force_login(personas.planner_a)
    assert client.get(reverse("needs:run_create")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("needs:run_create"), run_post())
    assert response.status_code == 302
    run = ConsolidationRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED
    assert run.params["min_weekly_minutes"] == 0 and run.params["travel_speed_kmh"] == 40
    page = client.get(response.url)
    body = page.content.decode()
    assert "Postes proposés" in body and "<svg" in body
    assert personas.member_a1.name in body and personas.member_a2.name in body
    assert personas.member_b1.name not in body
    assert client.get(reverse("needs:run_instance", args=[run.public_id])).json()["version"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("needs:run_accept", args=[run.public_id]), {"positions": ["p1"]})
    assert response.status_code == 302
    position = Position.objects.get()
    assert {n.status for n in position.needs.all()} == {NeedStatus.CONSOLIDATED}
    assert len(mail.outbox) == 1
    body = client.get(reverse("needs:run_detail", args=[run.public_id])).content.decode()
    assert "accepté" in body
    assert client.get(reverse("needs:positions")).status_code == 200
    page = client.get(reverse("needs:position_detail", args=[position.public_id])).content.decode()
    assert "<svg" in page and personas.member_a2.name in page
    client.force_login(personas.contact_a1)
    assert client.get(reverse("needs:position_detail", args=[position.public_id])).status_code == 200
    client.force_login(personas.director_b)
    assert client.get(reverse("needs:position_detail", args=[position.public_id])).status_code == 404


@pytest.mark.django_db
def test_empty_selection_is_refused_on_the_form(client, personas, needs):
    client.force_login(personas.planner_a)
    response = client.post(reverse("needs:run_create"), run_post(rome_codes="A1101"))
    assert response.status_code == 200
    assert "Aucun besoin ouvert" in response.content.decode()
    assert not ConsolidationRun.objects.exists()


@pytest.mark.django_db
def test_runs_are_staff_only_and_accepting_needs_write_rights(
    client, personas, needs, django_capture_on_commit_callbacks
):
    client.force_login(personas.planner_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:run_create"), run_post())
    run = ConsolidationRun.objects.get()
    client.force_login(personas.accountant_a)
    assert client.get(reverse("needs:run_detail", args=[run.public_id])).status_code == 200
    assert client.get(reverse("needs:run_create")).status_code == 403
    assert (
        client.post(reverse("needs:run_accept", args=[run.public_id]), {"positions": ["p1"]}).status_code
        == 403
    )
    for user in ("contact_a1", "director_b"):
        client.force_login(personas[user])
        assert client.get(reverse("needs:run_detail", args=[run.public_id])).status_code == 404
        assert client.get(reverse("needs:run_instance", args=[run.public_id])).status_code == 404
    assert not Position.objects.exists()


@pytest.mark.django_db
def test_feasibility_report_as_xlsx(client, personas, needs, django_capture_on_commit_callbacks):
    """The XLSX is built in the request; the PDF comes from a job (test_study_pdf.py)."""
    import io

    import openpyxl

    client.force_login(personas.planner_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:run_create"), run_post())
    run = ConsolidationRun.objects.get()
    xlsx = client.get(reverse("needs:run_report", args=[run.public_id]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == f'attachment; filename="etude-faisabilite-{run.public_id}.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Synthèse", "Postes", "Par emploi", "Par commune", "Besoins non placés"]
    assert book["Postes"]["B2"].value == 16  # 4 mornings of 4 hours
    client.force_login(personas.director_b)
    assert client.get(reverse("needs:run_report", args=[run.public_id])).status_code == 404


@pytest.mark.django_db
def test_two_runs_side_by_side(client, personas, needs, django_capture_on_commit_callbacks):
    client.force_login(personas.planner_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:run_create"), run_post(label="Sans limite"))
        client.post(reverse("needs:run_create"), run_post(label="Un adhérent", max_members_per_position="1"))
    first, second = ConsolidationRun.objects.order_by("created_at", "id")
    page = client.get(reverse("needs:run_compare"), {"a": first.public_id, "b": second.public_id})
    body = page.content.decode()
    assert "Sans limite" in body and "Un adhérent" in body and "max_members_per_position" in body
    assert page.context["rows"][0]["values"] == [1, 2]  # one shared position, or one per member
    assert client.get(reverse("needs:run_compare"), {"a": "pas-un-uuid"}).status_code == 200


@pytest.mark.django_db
def test_planner_locks_a_position_and_reruns(client, personas, needs, django_capture_on_commit_callbacks):
    client.force_login(personas.planner_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:run_create"), run_post())
    run = ConsolidationRun.objects.get()
    page = client.get(reverse("needs:run_detail", args=[run.public_id])).content.decode()
    assert "Relancer avec ces verrous" in page
    response = client.post(reverse("needs:run_rerun", args=[run.public_id]), {})
    assert response.status_code == 302 and ConsolidationRun.objects.count() == 1  # nothing locked
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("needs:run_rerun", args=[run.public_id]), {"lock": ["p1"]})
    again = ConsolidationRun.objects.exclude(pk=run.pk).get()
    assert response.url == reverse("needs:run_detail", args=[again.public_id])
    assert again.parent == run and again.status == RunStatus.SUCCEEDED
    assert "verrouillé" in client.get(response.url).content.decode()
    client.force_login(personas.accountant_a)
    assert client.post(reverse("needs:run_rerun", args=[run.public_id]), {"lock": ["p1"]}).status_code == 403


@pytest.mark.django_db
def test_cancelled_or_older_runs_render(client, personas):
    cancelled = ConsolidationRun.objects.create(
        group=personas.group_a, status=RunStatus.CANCELLED, kpis={"positions": 3, "minutes_placed": 600}
    )
    running = ConsolidationRun.objects.create(
        group=personas.group_a, status=RunStatus.RUNNING, best_so_far={"phase": "construct", "positions": 2}
    )
    client.force_login(personas.planner_a)
    body = client.get(reverse("needs:run_detail", args=[cancelled.public_id])).content.decode()
    assert "10 h" in body and "postes proposés" in body
    body = client.get(reverse("needs:run_detail", args=[running.public_id])).content.decode()
    assert "Meilleur plan à ce stade : 2 postes." in body
    assert client.get(reverse("needs:runs")).status_code == 200


@pytest.mark.django_db
def test_positions_are_paginated_and_needs_move_by_position_number(
    client, personas, needs, monkeypatch, django_capture_on_commit_callbacks
):
    from mutualis.needs.instance import plan_to_public
    from mutualis.www.needs import views

    monkeypatch.setattr(views.runs, "POSITIONS_PER_PAGE", 1)
    client.force_login(personas.planner_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:run_create"), run_post(max_members_per_position="1"))
    run = ConsolidationRun.objects.get()
    url = reverse("needs:run_detail", args=[run.public_id])
    second = client.get(url, {"page": 2}).content.decode()
    assert "Poste p2" in second and "Poste p1 " not in second and "Page 2 sur 2" in second
    moved = plan_to_public(run.plan, run.id_map)["positions"][1]["needs"][0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("needs:run_rerun", args=[run.public_id]), {f"move-{moved}": "1"})
    again = ConsolidationRun.objects.exclude(pk=run.pk).get()
    assert any(moved in group for group in again.locks)


@pytest.mark.django_db
def test_run_form_passes_job_families_to_the_engine(
    client, personas, needs, django_capture_on_commit_callbacks
):
    client.force_login(personas.planner_a)
    response = client.post(
        reverse("needs:run_create"), run_post(job_families="groups", compatible_families="G16")
    )
    assert response.status_code == 200
    assert "au moins deux familles ROME" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("needs:run_create"),
            run_post(job_families="groups", compatible_families="g16 + g17, M16+M14"),
        )
    assert response.status_code == 302
    run = ConsolidationRun.objects.get()
    assert run.params["job_families"] == [["G16", "G17"], ["M16", "M14"]]
    assert run.instance["params"]["job_families"] == [["G16", "G17"], ["M16", "M14"]]
