import datetime as dt
import io

import icalendar
import openpyxl
import pytest
from django.urls import reverse

from mutualis.timesheets import services
from mutualis.timesheets.enums import TimesheetStatus
from mutualis.timesheets.models import CalendarToken, TimeEntry, Timesheet
from tests.factories import AssignmentFactory, AssignmentSlotFactory, EmployeeFactory
from tests.timesheets.conftest import MARCH, membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(planned):
    services.generate_month(group=planned.group_a, month=MARCH)
    return planned


def employee_month_url(p):
    return reverse(
        "timesheets:employee_month", kwargs={"public_id": p.employee_a.public_id, "year": 2025, "month": 3}
    )


def test_employee_month_shows_one_card_per_day(client, month):
    client.force_login(month.employee_user_a)
    response = client.get(employee_month_url(month))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="card ts-day"') == 9  # 5 Mondays + 4 Wednesdays
    assert "Adhérent A1" in body and "Adhérent A2" in body
    assert "Envoyer mes heures à Adhérent A1" in body


def test_employee_corrects_a_day_with_clear_errors(client, month):
    client.force_login(month.employee_user_a)
    entry = TimeEntry.objects.get(timesheet__member=month.member_a1, date=dt.date(2025, 3, 3))
    url = reverse("timesheets:entry_correct", kwargs={"public_id": entry.public_id})
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="08:00"' in page.content.decode()
    response = client.post(url, {"actual_start": "08:30", "actual_end": "", "comment": ""})
    assert response.status_code == 200
    assert "Indiquez l&#x27;heure de départ." in response.content.decode()
    entry.refresh_from_db()
    assert entry.corrected_at is None
    response = client.post(url, {"actual_start": "08:30", "actual_end": "13:00", "comment": "Livraison"})
    assert response.status_code == 302
    assert response["Location"].endswith("#jour-2025-03-03")
    entry.refresh_from_db()
    assert entry.actual_minutes == 270 and entry.comment == "Livraison"


def test_violation_is_shown_after_a_correction(client, month):
    client.force_login(month.employee_user_a)
    entry = TimeEntry.objects.get(timesheet__member=month.member_a1, date=dt.date(2025, 3, 3))
    url = reverse("timesheets:entry_correct", kwargs={"public_id": entry.public_id})
    refused = client.post(url, {"actual_start": "06:00", "actual_end": "18:00"})
    assert refused.status_code == 200
    assert "Ces heures sont inhabituelles (12 h 00 déclarées" in refused.content.decode()
    response = client.post(
        url, {"actual_start": "06:00", "actual_end": "18:00", "comment": "Inventaire"}, follow=True
    )
    body = response.content.decode()
    assert "Durée maximale quotidienne" in body
    assert "Heures inhabituelles" in body


def test_member_contact_validates_and_disputes(client, month):
    sheet = Timesheet.objects.get(member=month.member_a1)
    client.force_login(month.contact_a1)
    member_url = reverse(
        "timesheets:member_month", kwargs={"public_id": month.member_a1.public_id, "year": 2025, "month": 3}
    )
    body = client.get(member_url).content.decode()
    assert "1 relevé attend votre validation." in body
    detail = reverse("timesheets:detail", kwargs={"public_id": sheet.public_id})
    assert "Valider les heures du mois" in client.get(detail).content.decode()
    bad = client.post(
        reverse("timesheets:dispute", kwargs={"public_id": sheet.public_id}), {"day": "", "comment": ""}
    )
    assert bad.status_code == 400
    assert "Choisissez un jour" in bad.content.decode() or "obligatoire" in bad.content.decode()
    ok = client.post(
        reverse("timesheets:dispute", kwargs={"public_id": sheet.public_id}),
        {"day": "2025-03-10", "comment": "Porte fermée"},
    )
    assert ok.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.DISPUTED
    assert "Porte fermée" in client.get(detail).content.decode()


def test_contact_validates_from_the_detail_page(client, month):
    sheet = Timesheet.objects.get(member=month.member_a1)
    client.force_login(month.contact_a1)
    response = client.post(
        reverse("timesheets:validate", kwargs={"public_id": sheet.public_id}), {"comment": ""}
    )
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.VALIDATED


def test_other_members_contact_gets_404(client, month):
    sheet = Timesheet.objects.get(member=month.member_a1)
    client.force_login(month.contact_a2)
    assert client.get(reverse("timesheets:detail", kwargs={"public_id": sheet.public_id})).status_code == 404
    assert (
        client.post(reverse("timesheets:validate", kwargs={"public_id": sheet.public_id})).status_code == 404
    )
    client.force_login(month.employee_user_b)
    assert client.get(employee_month_url(month)).status_code == 404


def test_overview_generate_and_close(client, planned):
    client.force_login(planned.planner_a)
    url = reverse("timesheets:overview", kwargs={"year": 2025, "month": 3})
    response = client.post(reverse("timesheets:generate", kwargs={"year": 2025, "month": 3}), follow=True)
    assert "2 créé(s)" in response.content.decode()
    close = reverse("timesheets:close", kwargs={"year": 2025, "month": 3})
    response = client.post(close, follow=True)
    assert "ne sont pas validés" in response.content.decode()
    response = client.post(close, {"force": "on"}, follow=True)
    assert "2 relevé(s) verrouillé(s)" in response.content.decode()
    assert set(Timesheet.objects.values_list("status", flat=True)) == {TimesheetStatus.CLOSED}
    assert client.get(url).status_code == 200


def test_accountant_reads_the_overview_but_cannot_close(client, month):
    client.force_login(month.accountant_a)
    assert client.get(reverse("timesheets:overview", kwargs={"year": 2025, "month": 3})).status_code == 200
    response = client.post(reverse("timesheets:close", kwargs={"year": 2025, "month": 3}), {"force": "on"})
    assert response.status_code == 403


def test_overview_query_count_is_bounded(client, month, django_assert_max_num_queries):
    for n in range(15):
        employee = EmployeeFactory(group=month.group_a)
        assignment = AssignmentFactory(employee=employee, member=month.member_a1, site=month.site_a1)
        AssignmentSlotFactory(assignment=assignment, weekday=n % 5)
    services.generate_month(group=month.group_a, month=MARCH)
    client.force_login(month.director_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("timesheets:overview", kwargs={"year": 2025, "month": 3}))
    assert response.content.decode().count("<tr>") >= 17


def test_member_month_query_count_is_bounded(client, month, django_assert_max_num_queries):
    for _n in range(10):
        employee = EmployeeFactory(group=month.group_a)
        assignment = AssignmentFactory(employee=employee, member=month.member_a1, site=month.site_a1)
        AssignmentSlotFactory(assignment=assignment)
    services.generate_month(group=month.group_a, month=MARCH)
    client.force_login(month.contact_a1)
    url = reverse(
        "timesheets:member_month", kwargs={"public_id": month.member_a1.public_id, "year": 2025, "month": 3}
    )
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_employee_month_query_count_is_bounded(client, month, django_assert_max_num_queries):
    client.force_login(month.employee_user_a)
    with django_assert_max_num_queries(10):
        assert client.get(employee_month_url(month)).status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_have_french_headers_and_hours(client, month, fmt):
    entry = TimeEntry.objects.get(timesheet__member=month.member_a1, date=dt.date(2025, 3, 3))
    services.correct_entry(
        membership=membership(month.employee_user_a),
        entry=entry,
        actual_start=dt.time(8),
        actual_end=dt.time(12, 30),
    )
    client.force_login(month.accountant_a)
    response = client.get(reverse("timesheets:export", kwargs={"year": 2025, "month": 3, "fmt": fmt}))
    assert response.status_code == 200
    if fmt == "csv":
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0] == "Salarié;Adhérent;Mois;Heures prévues;Heures réelles;Écart (h);Statut"
        assert lines[1].endswith("Adhérent A1;2025-03;20,00;20,50;0,50;En cours de saisie")
    else:
        sheet = openpyxl.load_workbook(
            io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
        ).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("Salarié", "Adhérent", "Mois")
        assert len(rows) == 3
    per_member = client.get(
        reverse("timesheets:export", kwargs={"year": 2025, "month": 3, "fmt": "csv"}) + "?par=adherent"
    )
    assert per_member.content.decode("utf-8-sig").splitlines()[0].startswith("Adhérent;Mois")


def test_exports_are_for_staff_only(client, month):
    client.force_login(month.contact_a1)
    assert (
        client.get(reverse("timesheets:export", kwargs={"year": 2025, "month": 3, "fmt": "csv"})).status_code
        == 404
    )


# --- calendars --------------------------------------------------------------------------------------


def test_employee_calendar_feed_by_secret_token(client, planned, settings, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 3, 5))
    client.force_login(planned.employee_user_a)
    page = client.get(
        reverse("timesheets:calendar_employee", kwargs={"public_id": planned.employee_a.public_id})
    )
    assert page.status_code == 200
    token = CalendarToken.objects.get(employee=planned.employee_a)
    feed_url = reverse("timesheets:calendar_feed", kwargs={"token": token.token})
    assert feed_url in page.content.decode()
    client.logout()
    response = client.get(feed_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    summaries = {str(e["summary"]) for e in events}
    assert summaries == {"Adhérent A1", "Adhérent A2"}
    monday = next(e for e in events if e.decoded("dtstart").date() == dt.date(2025, 3, 3))
    assert monday.decoded("dtstart").astimezone(services.PARIS).hour == 8
    assert (monday.decoded("dtend") - monday.decoded("dtstart")) == dt.timedelta(hours=4)
    # Regenerating invalidates the old URL.
    client.force_login(planned.employee_user_a)
    client.post(reverse("timesheets:calendar_employee", kwargs={"public_id": planned.employee_a.public_id}))
    client.logout()
    assert client.get(feed_url).status_code == 404
    token.refresh_from_db()
    assert client.get(reverse("timesheets:calendar_feed", kwargs={"token": token.token})).status_code == 200


def test_member_calendar_feed_lists_the_members_employees_only(client, planned, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 3, 5))
    client.force_login(planned.contact_a1)
    client.get(reverse("timesheets:calendar_member", kwargs={"public_id": planned.member_a1.public_id}))
    token = CalendarToken.objects.get(member=planned.member_a1)
    client.logout()
    response = client.get(reverse("timesheets:calendar_feed", kwargs={"token": token.token}))
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert events and {str(e["summary"]) for e in events} == {planned.employee_a.full_name}
    assert all(e.decoded("dtstart").weekday() == 0 for e in events)  # only the Mondays at a1


def test_calendar_pages_are_scoped(client, planned):
    client.force_login(planned.contact_a2)
    assert (
        client.get(
            reverse("timesheets:calendar_member", kwargs={"public_id": planned.member_a1.public_id})
        ).status_code
        == 404
    )
    client.force_login(planned.employee_user_b)
    assert (
        client.get(
            reverse("timesheets:calendar_employee", kwargs={"public_id": planned.employee_a.public_id})
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("timesheets:calendar_feed", kwargs={"token": "pas-un-jeton"})).status_code == 404
    )
