"""Hours that cannot be absurd (issue 11, item 6): unusual hours need a reason, then a review at
closing, before they can reach an invoice."""

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from mutualis.billing import services as billing_services
from mutualis.billing.models import BillingRun, Invoice, RunStatus
from mutualis.timesheets import anomalies
from mutualis.timesheets import services as timesheets
from mutualis.timesheets.enums import TimesheetStatus
from mutualis.timesheets.models import TimeEntry, Timesheet
from tests.factories import AssignmentFactory, AssignmentSlotFactory

PARIS = ZoneInfo("Europe/Paris")
MARCH = dt.date(2025, 3, 1)


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def membership(user):
    return user.active_memberships().first()


def test_find_names_each_unusual_thing():
    day = dt.date(2025, 3, 3)
    found = anomalies.find(
        actual_start=at(day, 8),
        actual_end=at(day + dt.timedelta(days=1), 1, 30),
        actual_minutes=17 * 60 + 30,
        planned_start=at(day, 8),
        planned_end=at(day, 12),
        planned_minutes=240,
        daily_cap=600,
    )
    assert [a["code"] for a in found] == [
        anomalies.OVER_DAILY_CAP,
        anomalies.OVER_PLANNED,
        anomalies.NIGHT_UNPLANNED,
    ]
    assert found[0]["message"] == "17 h 30 déclarées, plus que la durée maximale de 10 h 00 par jour"
    assert found[2]["message"].startswith("4 h 30 de nuit")
    # Half an hour more than planned, in the day: nothing unusual.
    assert not anomalies.find(
        actual_start=at(day, 8),
        actual_end=at(day, 12, 30),
        actual_minutes=270,
        planned_start=at(day, 8),
        planned_end=at(day, 12),
        planned_minutes=240,
        daily_cap=600,
    )
    # Night hours that were planned are not unusual.
    assert not anomalies.find(
        actual_start=at(day, 22),
        actual_end=at(day + dt.timedelta(days=1), 5),
        actual_minutes=420,
        planned_start=at(day, 22),
        planned_end=at(day + dt.timedelta(days=1), 5),
        planned_minutes=420,
        daily_cap=600,
    )


@pytest.fixture
def month(billing, settings):
    """Employee a at member a1 on Mondays 8–12 in March 2025 (5 Mondays, 20 h planned)."""
    settings.MUTUALIS_BILLABLE_HOURS_PROVIDER = "mutualis.billing.providers.timesheet_hours"
    p = billing
    assignment = AssignmentFactory(
        employee=p.employee_a, member=p.member_a1, site=p.site_a1, contract=p.contract_a
    )
    AssignmentSlotFactory(assignment=assignment, weekday=0, start_time=dt.time(8), end_time=dt.time(12))
    timesheets.generate_month(group=p.group_a, month=MARCH)
    p["sheet"] = Timesheet.objects.get(member=p.member_a1, month=MARCH)
    p["entry"] = TimeEntry.objects.get(timesheet=p.sheet, date=dt.date(2025, 3, 10))
    return p


def bill(p):
    run = BillingRun.objects.create(group=p.group_a, month=MARCH)
    billing_services.execute_run(run_id=run.pk)
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_a_17h30_entry_needs_a_reason_and_a_review_before_an_invoice(month):
    p = month
    employee = membership(p.employee_user_a)
    # 8:00 to 1:30 typed instead of 8:00 to 13:30: 17 h 30, at night, over the cap.
    with pytest.raises(ValidationError) as error:
        timesheets.correct_entry(
            membership=employee, entry=p.entry, actual_start=dt.time(8), actual_end=dt.time(1, 30)
        )
    assert "comment" in error.value.message_dict
    assert "17 h 30 déclarées" in error.value.message_dict["comment"][0]
    p.entry.refresh_from_db()
    assert p.entry.actual_minutes == 240 and not p.entry.needs_review  # nothing half-saved

    # With a reason, it is recorded, flagged for review, and the timesheet can be sent.
    timesheets.correct_entry(
        membership=employee,
        entry=p.entry,
        actual_start=dt.time(8),
        actual_end=dt.time(1, 30),
        comment="Inventaire de nuit demandé par l'adhérent",
    )
    p.entry.refresh_from_db()
    assert p.entry.actual_minutes == 1050 and p.entry.needs_review
    assert {a["code"] for a in p.entry.anomalies} == {
        anomalies.OVER_DAILY_CAP,
        anomalies.OVER_PLANNED,
        anomalies.NIGHT_UNPLANNED,
    }
    timesheets.submit(membership=employee, timesheet=p.sheet)
    timesheets.validate(membership=membership(p.contact_a1), timesheet=p.sheet)

    # Validated by the member but not reviewed by the GE: billing stops and says why.
    run = bill(p)
    assert run.status == RunStatus.BLOCKED and not Invoice.objects.exists()
    assert run.problems == [
        f"{p.employee_a.full_name} (03/2025) : 1 journée(s) aux heures inhabituelles à revoir à la clôture du mois"
    ]

    # Closing lists the anomaly first and refuses until it is reviewed.
    director = membership(p.director_a)
    assert [e.pk for e in timesheets.month_anomalies(p.group_a, MARCH)] == [p.entry.pk]
    with pytest.raises(ValidationError) as error:
        timesheets.close_month(membership=director, month=MARCH)
    assert "10/03/2025" in error.value.messages[0] and "17 h 30" in error.value.messages[0]
    p.sheet.refresh_from_db()
    assert p.sheet.status == TimesheetStatus.VALIDATED

    assert timesheets.close_month(membership=director, month=MARCH, anomalies_reviewed=True) == 1
    p.entry.refresh_from_db()
    assert not p.entry.needs_review and p.entry.reviewed_by == p.director_a
    assert timesheets.month_anomalies(p.group_a, MARCH) == []

    # Reviewed: the month bills, 4 Mondays × 4 h + 17.5 h = 33.5 h.
    run = bill(p)
    assert run.status == RunStatus.DRAFTED, run.problems
    assert Invoice.objects.get(member=p.member_a1).hours == D("33.50")


@pytest.mark.django_db
def test_submit_refuses_unusual_hours_without_reason(month):
    """An entry flagged by another path (an import, an older correction) without a reason blocks sending."""
    p = month
    TimeEntry.objects.filter(pk=p.entry.pk).update(
        needs_review=True, anomalies=[{"code": "over_planned", "message": "x"}], comment=""
    )
    with pytest.raises(ValidationError) as error:
        timesheets.submit(membership=membership(p.employee_user_a), timesheet=p.sheet)
    assert "10/03/2025" in error.value.messages[0]


@pytest.mark.django_db
def test_closing_page_lists_anomalies_and_api_reviews_them(month, client):
    p = month
    timesheets.correct_entry(
        membership=membership(p.employee_user_a),
        entry=p.entry,
        actual_start=dt.time(8),
        actual_end=dt.time(1, 30),
        comment="Inventaire",
    )
    client.force_login(p.director_a)
    from django.urls import reverse

    page = client.get(reverse("timesheets:overview", kwargs={"year": 2025, "month": 3}))
    body = page.content.decode()
    assert "1 journée aux heures inhabituelles à revoir" in body
    assert "Inventaire" in body and "17 h 30" in body
    assert body.index("heures inhabituelles à revoir") < body.index("Clôturer le mois")
    correct_url = reverse("timesheets:entry_correct", args=[p.entry.public_id])
    assert f'href="{correct_url}"' in body

    # The accountant reads the day in the employee's month: she may not correct it (no dead link).
    client.force_login(p.accountant_a)
    body = client.get(reverse("timesheets:overview", kwargs={"year": 2025, "month": 3})).content.decode()
    assert "Inventaire" in body and correct_url not in body
    month_url = reverse(
        "timesheets:employee_month", kwargs={"public_id": p.employee_a.public_id, "year": 2025, "month": 3}
    )
    assert f'href="{month_url}"' in body
    assert client.get(month_url).status_code == 200
    assert client.get(correct_url).status_code == 403

    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(p.planner_a)
    listed = api.get("/api/v1/timesheets/anomalies/?month=2025-03")
    assert listed.status_code == 200
    assert [row["date"] for row in listed.json()] == ["2025-03-10"]
    refused = api.post("/api/v1/timesheets/close/", {"month": "2025-03", "force": True}, format="json")
    assert refused.status_code == 400
    closed = api.post(
        "/api/v1/timesheets/close/",
        {"month": "2025-03", "force": True, "anomalies_reviewed": True},
        format="json",
    )
    assert closed.status_code == 200 and closed.json() == {"month": "2025-03", "closed": 1}
