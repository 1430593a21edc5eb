"""Moving a block of the employee week (drag and drop posts with htmx; the form is the fallback)."""

import datetime as dt

import pytest
from django.urls import reverse

from mutualis.core.models import AuditEvent
from mutualis.planning.models import RuleOverride, ScheduleException
from tests.factories import AssignmentFactory, AssignmentSlotFactory


@pytest.fixture
def setup(personas):
    """A1: Monday 8–12; A2: Wednesday 16–22. Moving Monday to Thursday 8:00 leaves 10 h of rest."""
    p = personas
    p["monday"] = AssignmentFactory(employee=p.employee_a, member=p.member_a1, site=p.site_a1)
    AssignmentSlotFactory(assignment=p.monday, weekday=0, start_time=dt.time(8), end_time=dt.time(12))
    evening = AssignmentFactory(employee=p.employee_a, member=p.member_a2, site=p.site_a2)
    AssignmentSlotFactory(assignment=evening, weekday=2, start_time=dt.time(16), end_time=dt.time(22))
    p["url"] = reverse("planning:block_move", args=[p.monday.public_id])
    return p


def move(client, url, new_date, start="08:00", end="12:00", htmx=False, **extra):
    data = {"date": "2025-01-06", "new_date": new_date, "start_time": start, "end_time": end, **extra}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url, data, headers=headers)


@pytest.mark.django_db
def test_week_page_marks_movable_blocks_and_loads_the_script(client, setup):
    client.force_login(setup.planner_a)
    url = reverse("planning:employee_week", args=[setup.employee_a.public_id]) + "?semaine=2025-01-06"
    page = client.get(url).content.decode()
    assert 'draggable="true"' in page and f'data-move-url="{setup.url}"' in page
    assert 'data-day="2025-01-09"' in page
    assert "mutualis/planning.js" in page
    assert f"{setup.url}?date=2025-01-06" in page  # keyboard fallback link
    client.force_login(setup.accountant_a)
    page = client.get(url).content.decode()
    assert 'draggable="true"' not in page and "planning.js" not in page


@pytest.mark.django_db
def test_htmx_move_saves_a_moved_day_and_redirects_to_the_week(client, setup):
    client.force_login(setup.planner_a)
    response = move(client, setup.url, "2025-01-07", htmx=True)
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith("?semaine=2025-01-07")
    exception = ScheduleException.objects.get(assignment=setup.monday)
    assert (exception.kind, exception.date, exception.new_date) == (
        "moved",
        dt.date(2025, 1, 6),
        dt.date(2025, 1, 7),
    )


@pytest.mark.django_db
def test_move_breaking_the_daily_rest_names_the_rule_days_and_members(client, setup):
    client.force_login(setup.planner_a)
    response = move(client, setup.url, "2025-01-09", htmx=True)
    page = response.content.decode()
    assert response.status_code == 200 and "HX-Redirect" not in response
    assert "Repos quotidien minimal" in page
    assert "Adhérent A1" in page and "Adhérent A2" in page
    assert "08/01" in page or "8 janvier" in page
    assert not ScheduleException.objects.exists()
    assert "Rien n'a été enregistré" in page


@pytest.mark.django_db
def test_director_moves_anyway_with_a_logged_reason(client, setup):
    client.force_login(setup.director_a)
    response = move(client, setup.url, "2025-01-09", override_reason="Inventaire exceptionnel")
    assert response.status_code == 302
    override = RuleOverride.objects.get()
    assert override.rule_code == "min_daily_rest_minutes" and override.reason == "Inventaire exceptionnel"
    assert AuditEvent.objects.filter(action="planning.rule_override").exists()


@pytest.mark.django_db
def test_planner_cannot_override(client, setup):
    client.force_login(setup.planner_a)
    move(client, setup.url, "2025-01-09", override_reason="Je force")
    assert not ScheduleException.objects.exists() and not RuleOverride.objects.exists()


@pytest.mark.django_db
def test_form_fallback_is_prefilled_and_validates_times(client, setup):
    client.force_login(setup.planner_a)
    page = client.get(f"{setup.url}?date=2025-01-06&new_date=2025-01-06&start_time=08:00&end_time=12:00")
    assert page.status_code == 200 and 'value="2025-01-06"' in page.content.decode()
    response = move(client, setup.url, "2025-01-07", start="09:00", end="09:00")
    assert "La fin doit différer du début" in response.content.decode()
    assert not ScheduleException.objects.exists()


@pytest.mark.django_db
def test_accountant_and_other_groups_cannot_move(client, setup):
    client.force_login(setup.accountant_a)
    assert move(client, setup.url, "2025-01-07").status_code == 403
    client.force_login(setup.planner_b)
    assert move(client, setup.url, "2025-01-07").status_code == 404
    assert not ScheduleException.objects.exists()


@pytest.mark.django_db
def test_moving_the_weekly_slot_changes_every_week(client, setup):
    client.force_login(setup.planner_a)
    response = move(client, setup.url, "2025-01-07", start="09:00", end="13:00", scope="pattern")
    assert response.status_code == 302
    slot = setup.monday.slots.get()
    assert (slot.weekday, slot.start_time, slot.end_time) == (1, dt.time(9), dt.time(13))
    assert not ScheduleException.objects.exists()
    assert AuditEvent.objects.filter(action="planning.assignment_updated").exists()


@pytest.mark.django_db
def test_moving_the_weekly_slot_is_checked_too(client, setup):
    client.force_login(setup.planner_a)
    response = move(client, setup.url, "2025-01-09", scope="pattern")
    assert "Repos quotidien minimal" in response.content.decode()
    slot = setup.monday.slots.get()
    assert (slot.weekday, slot.start_time) == (0, dt.time(8))


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["day", "pattern"])
def test_an_empty_block_is_refused_by_the_one_rule_on_both_scopes(client, setup, scope):
    """The form has no check of its own: the day (a schedule exception) and the weekly slot give the
    blocks' constraint message on « Fin »."""
    from mutualis.core.constraints import constraint_message
    from mutualis.planning.models import EMPTY_BLOCK, AssignmentSlot

    client.force_login(setup.planner_a)
    response = move(client, setup.url, "2025-01-07", start="09:00", end="09:00", scope=scope)
    assert response.status_code == 200
    message = constraint_message(AssignmentSlot, EMPTY_BLOCK)
    assert message == constraint_message(ScheduleException, EMPTY_BLOCK) == "La fin doit différer du début."
    assert response.context["form"].errors["end_time"] == [message]
    assert not ScheduleException.objects.exists()
    assert setup.monday.slots.get().start_time == dt.time(8)
