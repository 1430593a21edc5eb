"""Planning grids: the GE-wide week, one member's week, an employee's month, the employee's own pages."""

import datetime as dt

import pytest
from django.urls import reverse

from mutualis.planning.selectors import member_colour
from tests.factories import (
    AbsenceFactory,
    AssignmentFactory,
    AssignmentSlotFactory,
    EmployeeFactory,
    SiteFactory,
)

MONDAY = dt.date(2025, 1, 6)


def _place(employee, member, site, weekday, start, end, **kwargs):
    assignment = AssignmentFactory(employee=employee, member=member, site=site, **kwargs)
    AssignmentSlotFactory(
        assignment=assignment, weekday=weekday, start_time=dt.time(*start), end_time=dt.time(*end)
    )
    return assignment


@pytest.fixture
def week(personas):
    """Employee A: Monday evening at A1, Tuesday morning at A2 (only 10 h of rest)."""
    p = personas
    _place(p.employee_a, p.member_a1, p.site_a1, 0, (16,), (22,))
    _place(p.employee_a, p.member_a2, p.site_a2, 1, (8,), (12,))
    return p


def group_url(**params):
    query = "&".join(f"{k}={v}" for k, v in {"semaine": MONDAY.isoformat(), **params}.items())
    return f"{reverse('planning:group_week')}?{query}"


@pytest.mark.django_db
def test_group_week_shows_who_works_where_with_member_labels_and_violations(client, week):
    client.force_login(week.planner_a)
    page = client.get(group_url()).content.decode()
    assert week.employee_a.full_name in page
    assert "16:00–22:00" in page and "08:00–12:00" in page
    # Colour per member, always with the member's name written in the block.
    assert f'member-c{member_colour(week.member_a1.pk)}"><span class="pblock-time">16:00–22:00</span>' in page
    assert "Adhérent A1" in page and "Adhérent A2" in page
    assert "Repos quotidien minimal" in page
    assert week.employee_b.full_name not in page


@pytest.mark.django_db
def test_group_week_filters_by_member_and_commune(client, week):
    other = EmployeeFactory(group=week.group_a, city="Sées")
    _place(other, week.member_a2, week.site_a2, 2, (9,), (11,))
    client.force_login(week.director_a)
    page = client.get(group_url(adherent=week.member_a1.public_id)).content.decode()
    assert week.employee_a.full_name in page and other.full_name not in page
    page = client.get(group_url(commune="Sées")).content.decode()
    assert other.full_name in page and week.employee_a.full_name not in page


@pytest.mark.django_db
def test_group_week_counts_unfilled_hours_and_members_waiting(client, week):
    client.force_login(week.planner_a)
    response = client.get(group_url())
    rows = {row["employee"].pk: row for row in response.context["week"]["rows"]}
    contract_minutes = int(week.contract_a.weekly_hours * 60)
    assert rows[week.employee_a.pk]["minutes"] == 600
    assert rows[week.employee_a.pk]["unfilled_minutes"] == contract_minutes - 600
    assert response.context["summary"]["members_waiting"] == []


@pytest.mark.django_db
def test_group_week_marks_holidays_alsace_moselle_included(client, personas):
    site = SiteFactory(member=personas.member_a1, postcode="67000", city="Strasbourg")
    _place(personas.employee_a, personas.member_a1, site, 4, (8,), (12,))
    client.force_login(personas.planner_a)
    page = client.get(group_url(semaine="2025-12-22").replace("semaine=2025-01-06&", "")).content.decode()
    assert "Jour férié" in page  # 25 December
    assert "Jour férié (Alsace-Moselle)" in page  # 26 December at a site in Bas-Rhin


@pytest.mark.django_db
def test_group_week_query_count_does_not_grow_with_employees(client, personas, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for _i in range(n):
            employee = EmployeeFactory(group=personas.group_a)
            _place(employee, personas.member_a1, personas.site_a1, 0, (8,), (12,))
            _place(employee, personas.member_a2, personas.site_a2, 1, (13,), (17,))

    client.force_login(personas.planner_a)
    add(2)
    client.get(group_url())
    with CaptureQueriesContext(connection) as few:
        assert client.get(group_url()).status_code == 200
    add(30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(group_url()).status_code == 200
    assert len(many) == len(few)
    assert len(many) <= 30


@pytest.mark.django_db
def test_group_week_is_for_staff_only(client, week):
    for user in ("contact_a1", "employee_user_a", "partner_a"):
        client.force_login(week[user])
        assert client.get(group_url()).status_code == 404, user


@pytest.mark.django_db
def test_member_week_shows_only_that_members_blocks_and_hides_absence_reasons(client, week):
    AbsenceFactory(
        employee=week.employee_a,
        kind="sickness",
        start=dt.datetime(2025, 1, 7, 0, tzinfo=dt.UTC),
        end=dt.datetime(2025, 1, 8, 0, tzinfo=dt.UTC),
    )
    url = reverse("planning:member_week", args=[week.member_a1.public_id]) + "?semaine=2025-01-06"
    client.force_login(week.contact_a1)
    page = client.get(url).content.decode()
    assert week.employee_a.full_name in page
    assert "16:00–22:00" in page
    assert "08:00–12:00" not in page  # the Tuesday block belongs to member A2
    assert "Absent" in page and "maladie" not in page
    assert "Consultation seule" in page
    client.force_login(week.planner_a)
    assert "Arrêt maladie" in client.get(url).content.decode()


@pytest.mark.django_db
def test_member_week_of_another_member_is_404(client, week):
    url = reverse("planning:member_week", args=[week.member_a1.public_id])
    for user in ("contact_a2", "contact_b1", "director_b", "employee_user_a"):
        client.force_login(week[user])
        assert client.get(url).status_code == 404, user


@pytest.mark.django_db
def test_employee_month_lists_the_weeks_and_hours_per_member(client, week):
    url = reverse("planning:employee_month", args=[week.employee_a.public_id]) + "?mois=2025-01"
    client.force_login(week.accountant_a)
    response = client.get(url)
    assert response.status_code == 200
    members = {row["member"].name: row["minutes"] for row in response.context["data"]["members"]}
    # Mondays 6, 13, 20, 27 January (6 h) and Tuesdays 7, 14, 21, 28 (4 h).
    assert members == {"Adhérent A1": 4 * 360, "Adhérent A2": 4 * 240}
    assert "Repos quotidien minimal" in response.content.decode()


@pytest.mark.django_db
def test_employee_sees_own_week_and_month_without_the_rules(client, week):
    client.force_login(week.employee_user_a)
    page = client.get(reverse("planning:my_week") + "?semaine=2025-01-06").content.decode()
    assert "16:00–22:00" in page and "Adhérent A2" in page
    assert "Repos quotidien" not in page
    page = client.get(reverse("planning:my_month") + "?mois=2025-01").content.decode()
    assert "Mon planning" in page and "Repos quotidien" not in page
    home = client.get(reverse("home")).content.decode()
    assert reverse("planning:my_week") in home


@pytest.mark.django_db
def test_own_pages_are_for_employees_only(client, week):
    for user in ("planner_a", "contact_a1"):
        client.force_login(week[user])
        assert client.get(reverse("planning:my_week")).status_code == 404, user


@pytest.mark.django_db
def test_full_check_runs_as_a_job_over_twelve_weeks(client, week, django_capture_on_commit_callbacks):
    from mutualis.jobs.models import Job

    client.force_login(week.planner_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("planning:full_check"), {"semaine": "2025-01-06"})
    job = Job.objects.get(kind="planning.full_check")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert "infraction" in job.result["summary"]
    assert {v["rule"] for v in job.result["violations"]} >= {"Repos quotidien minimal"}


@pytest.mark.django_db
def test_group_week_exports_every_filtered_employee(client, week):
    client.force_login(week.accountant_a)
    response = client.get(group_url(_export="csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert week.employee_a.full_name in text
    assert "16:00–22:00 Adhérent A1" in text
    assert "Repos quotidien minimal" in text
    assert week.employee_b.full_name not in text
    response = client.get(group_url(_export="xlsx"))
    assert response.content[:2] == b"PK"


@pytest.mark.django_db
def test_full_check_result_page_lists_the_violations(client, week, django_capture_on_commit_callbacks):
    from mutualis.jobs.models import Job

    client.force_login(week.planner_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("planning:full_check"), {"semaine": "2025-01-06"})
    job = Job.objects.get(kind="planning.full_check")
    url = reverse("planning:check_result", args=[job.public_id])
    assert job.result["link"] == url
    page = client.get(url).content.decode()
    assert "Repos quotidien minimal" in page and week.employee_a.full_name in page
    client.force_login(week.planner_b)
    assert client.get(url).status_code == 404
