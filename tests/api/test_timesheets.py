"""API of assignments, absences, timesheets and time entries: same permissions as the pages."""

import datetime as dt

import pytest

from mutualis.timesheets import services
from mutualis.timesheets.enums import TimesheetStatus
from mutualis.timesheets.models import TimeEntry, Timesheet
from tests.timesheets.conftest import MARCH, planned  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(planned):  # noqa: F811
    services.generate_month(group=planned.group_a, month=MARCH)
    return planned


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_timesheets_are_scoped(api, month):
    sheet_a1 = str(Timesheet.objects.get(member=month.member_a1).public_id)
    sheet_a2 = str(Timesheet.objects.get(member=month.member_a2).public_id)
    assert ids(api("accountant_a").get("/api/v1/timesheets/")) == {sheet_a1, sheet_a2}
    assert ids(api("contact_a1").get("/api/v1/timesheets/")) == {sheet_a1}
    assert ids(api("employee_user_a").get("/api/v1/timesheets/?month=2025-03")) == {sheet_a1, sheet_a2}
    assert ids(api("employee_user_a").get("/api/v1/timesheets/?month=2025-04")) == set()
    assert ids(api("director_b").get("/api/v1/timesheets/")) == set()
    assert api("contact_a2").get(f"/api/v1/timesheets/{sheet_a1}/").status_code == 404
    row = api("contact_a1").get(f"/api/v1/timesheets/{sheet_a1}/").json()
    assert row["planned_minutes"] == 1200 and row["status"] == "draft"


def test_validate_and_dispute_actions(api, month):
    sheet = Timesheet.objects.get(member=month.member_a1)
    url = f"/api/v1/timesheets/{sheet.public_id}/"
    assert api("contact_a2").post(url + "validate/").status_code == 404
    assert api("director_a").post(url + "validate/").status_code == 403
    bad = api("contact_a1").post(url + "dispute/", {"day": "2025-04-01", "comment": "Non"}, format="json")
    assert bad.status_code == 400 and "day" in bad.json()
    ok = api("contact_a1").post(url + "dispute/", {"day": "2025-03-10", "comment": "Non"}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "disputed"
    assert api("employee_user_a").post(url + "submit/").json()["status"] == "submitted"
    response = api("contact_a1").post(url + "validate/", {"comment": "OK"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "validated"
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.VALIDATED
    assert api("contact_a1").post(url + "validate/").status_code == 400


def test_employee_corrects_an_entry(api, month):
    entry = TimeEntry.objects.get(timesheet__member=month.member_a1, date=dt.date(2025, 3, 3))
    url = f"/api/v1/time-entries/{entry.public_id}/"
    response = api("employee_user_a").patch(
        url, {"actual_start": "08:15", "actual_end": "12:45"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["actual_minutes"] == 270
    missing = api("employee_user_a").patch(url, {"actual_start": "08:15"}, format="json")
    assert missing.status_code == 400 and "actual_end" in missing.json()
    assert api("contact_a1").patch(url, {"not_worked": True}, format="json").status_code == 403
    assert api("employee_user_b").patch(url, {"not_worked": True}, format="json").status_code in (403, 404)
    entry.refresh_from_db()
    assert entry.actual_minutes == 270
    assert api("contact_a1").get(url).status_code == 200
    assert api("contact_a2").get(url).status_code == 404


def test_assignments_read_and_create_with_rule_check(api, month):
    a1 = str(month.assignment_a1.public_id)
    assert a1 in ids(api("contact_a1").get("/api/v1/assignments/"))
    assert a1 not in ids(api("contact_a2").get("/api/v1/assignments/"))
    assert ids(api("employee_user_b").get("/api/v1/assignments/")) == set()
    data = {
        "employee": str(month.employee_a.public_id),
        "member": str(month.member_a1.public_id),
        "site": str(month.site_a1.public_id),
        "start_date": "2025-01-06",
        "status": "active",
        "slots": [{"weekday": 1, "start_time": "09:00", "end_time": "12:00"}],
    }
    assert api("accountant_a").post("/api/v1/assignments/", data, format="json").status_code == 403
    created = api("planner_a").post("/api/v1/assignments/", data, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["slots"][0]["start_time"] == "09:00:00"
    # A 12 h day breaks the 10 h daily maximum: refused, the rule named.
    too_long = {**data, "slots": [{"weekday": 4, "start_time": "06:00", "end_time": "18:00"}]}
    refused = api("planner_a").post("/api/v1/assignments/", too_long, format="json")
    assert refused.status_code == 400
    assert "max_daily_minutes" in {v["rule"] for v in refused.json()["violations"]}


def test_absences_hidden_from_member_contacts(api, month):
    data = {
        "employee": str(month.employee_a.public_id),
        "kind": "sickness",
        "start": "2025-03-03T00:00:00+01:00",
        "end": "2025-03-04T00:00:00+01:00",
    }
    assert api("employee_user_a").post("/api/v1/absences/", data, format="json").status_code == 403
    created = api("director_a").post("/api/v1/absences/", data, format="json")
    assert created.status_code == 201, created.json()
    assert ids(api("contact_a1").get("/api/v1/absences/")) == set()
    assert ids(api("employee_user_a").get("/api/v1/absences/")) == {created.json()["id"]}
    assert ids(api("director_b").get("/api/v1/absences/")) == set()


@pytest.mark.django_db
def test_violations_of_an_employee_and_a_placement_name_the_part_time_floor(personas, api):
    """A 4 h a week placement on a contract without exemption breaks the 24 h floor: the answer says so."""
    import datetime as dt

    from tests.factories import AssignmentFactory, AssignmentSlotFactory

    contract = personas.contract_a
    contract.weekly_hours = 4
    contract.part_time_exemption = False
    contract.save()
    assignment = AssignmentFactory(
        employee=personas.employee_a,
        member=personas.member_a1,
        site=personas.site_a1,
        contract=contract,
        start_date=dt.date(2025, 1, 6),
    )
    AssignmentSlotFactory(assignment=assignment, weekday=0, start_time=dt.time(8), end_time=dt.time(12))
    window = "start=2025-03-03&end=2025-03-16"
    answer = api("planner_a").get(f"/api/v1/assignments/{assignment.public_id}/violations/?{window}")
    assert answer.status_code == 200
    assert "min_part_time_weekly_minutes" in {row["rule"] for row in answer.json()}
    by_employee = api("accountant_a").get(
        f"/api/v1/assignments/employee-violations/?employee={personas.employee_a.public_id}&{window}"
    )
    assert by_employee.json() == answer.json()
    assert api("contact_a1").get(f"/api/v1/assignments/{assignment.public_id}/violations/").status_code == 403
    assert (
        api("planner_b")
        .get(f"/api/v1/assignments/employee-violations/?employee={personas.employee_a.public_id}")
        .status_code
        == 404
    )
