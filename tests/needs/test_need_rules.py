import pytest
from django.core.exceptions import ValidationError

from mutualis.core.models import AuditEvent
from mutualis.needs import services
from mutualis.needs.models import Need, NeedKind, NeedStatus
from mutualis.needs.timeline import to_minutes
from tests.factories import SiteFactory

MONDAY_8 = to_minutes(0, 8)
MONDAY_12 = to_minutes(0, 12)


def create(personas, **overrides):
    fields = {
        "actor": personas.planner_a,
        "group": personas.group_a,
        "member": personas.member_a1,
        "site": personas.site_a1,
        "job_title": "Agent d'entretien",
        "rome_code": "K2204",
        "kind": NeedKind.FIXED,
        "slots": [(MONDAY_8, MONDAY_12)],
    }
    fields.update(overrides)
    return services.create_need(**fields)


def errors_of(excinfo):
    return excinfo.value.message_dict


@pytest.mark.django_db
def test_fixed_need_is_created_with_its_slots_and_journaled(personas):
    need = create(
        personas, slots=[{"start": MONDAY_8, "end": MONDAY_12}, (to_minutes(2, 14), to_minutes(2, 17))]
    )
    assert [(s.start, s.end) for s in need.slots.all()] == [(480, 720), (3_720, 3_900)]
    assert need.status == NeedStatus.OPEN
    assert AuditEvent.objects.filter(action="need.created", target_id=str(need.public_id)).exists()


@pytest.mark.django_db
def test_slot_ending_before_it_starts_is_refused_on_the_slots_field(personas):
    with pytest.raises(ValidationError) as excinfo:
        create(personas, slots=[(MONDAY_12, MONDAY_8)])
    assert "slots" in errors_of(excinfo)
    assert "doit être après le début" in errors_of(excinfo)["slots"][0]
    assert not Need.objects.exists()


@pytest.mark.django_db
def test_slot_outside_the_week_is_refused(personas):
    with pytest.raises(ValidationError) as excinfo:
        create(personas, slots=[(11_400, 11_521)])
    assert "slots" in errors_of(excinfo)


@pytest.mark.django_db
def test_a_slot_may_run_into_next_monday_up_to_the_timeline_end(personas):
    need = create(personas, slots=[(to_minutes(6, 22), 11_520)])
    assert need.slots.get().end == 11_520


@pytest.mark.django_db
def test_site_of_another_member_is_refused(personas):
    with pytest.raises(ValidationError) as excinfo:
        create(personas, site=personas.site_a2)
    assert "site" in errors_of(excinfo)


@pytest.mark.django_db
def test_site_of_another_group_is_refused(personas):
    with pytest.raises(ValidationError) as excinfo:
        create(personas, site=personas.site_b1)
    assert "site" in errors_of(excinfo)


@pytest.mark.django_db
def test_two_needs_of_one_member_that_overlap_are_refused(personas):
    create(personas)
    with pytest.raises(ValidationError) as excinfo:
        create(personas, slots=[(to_minutes(0, 11), to_minutes(0, 14))])
    message = errors_of(excinfo)["slots"][0]
    assert "chevauche" in message and "lundi 11:00–14:00" in message
    assert Need.objects.count() == 1


@pytest.mark.django_db
def test_touching_slots_do_not_overlap(personas):
    create(personas)
    create(personas, slots=[(MONDAY_12, to_minutes(0, 14))])
    assert Need.objects.count() == 2


@pytest.mark.django_db
def test_overlap_only_counts_common_active_weeks(personas):
    create(personas, weeks=[1, 2, 3])
    create(personas, weeks=[4, 5])
    with pytest.raises(ValidationError):
        create(personas, weeks=[3, 4])
    with pytest.raises(ValidationError):
        create(personas, weeks=None)


@pytest.mark.django_db
def test_overlap_with_another_member_or_a_withdrawn_need_is_allowed(personas):
    first = create(personas)
    create(personas, member=personas.member_a2, site=personas.site_a2)
    services.withdraw_need(actor=personas.planner_a, need=first)
    create(personas)
    assert Need.objects.count() == 3


@pytest.mark.django_db
def test_update_keeps_itself_out_of_the_overlap_check(personas):
    need = create(personas)
    services.update_need(actor=personas.planner_a, need=need, slots=[(MONDAY_8, to_minutes(0, 13))])
    assert need.slots.get().end == to_minutes(0, 13)


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [[0], [54], ["3"], [], [2, 2], "1-5"])
def test_active_weeks_must_be_distinct_iso_week_numbers(personas, weeks):
    with pytest.raises(ValidationError) as excinfo:
        create(personas, weeks=weeks)
    assert "weeks" in errors_of(excinfo)


@pytest.mark.django_db
def test_active_weeks_boundaries_1_and_53_are_valid(personas):
    assert create(personas, weeks=[1, 53]).weeks == [1, 53]


@pytest.mark.django_db
def test_flexible_need_needs_a_volume_that_fits_its_windows(personas):
    windows = [(MONDAY_8, MONDAY_12)]
    with pytest.raises(ValidationError) as excinfo:
        create(personas, kind=NeedKind.FLEXIBLE, slots=[], windows=windows)
    assert "weekly_minutes" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        create(personas, kind=NeedKind.FLEXIBLE, slots=[], windows=windows, weekly_minutes=241)
    assert "weekly_minutes" in errors_of(excinfo)
    need = create(personas, kind=NeedKind.FLEXIBLE, slots=[], windows=windows, weekly_minutes=240)
    assert need.windows.count() == 1


@pytest.mark.django_db
def test_flexible_block_sizes_are_ordered(personas):
    with pytest.raises(ValidationError) as excinfo:
        create(
            personas,
            kind=NeedKind.FLEXIBLE,
            slots=[],
            weekly_minutes=300,
            min_block_minutes=200,
            max_block_minutes=100,
        )
    assert "max_block_minutes" in errors_of(excinfo)


@pytest.mark.django_db
def test_fixed_need_without_slots_or_with_flexible_fields_is_refused(personas):
    with pytest.raises(ValidationError) as excinfo:
        create(personas, slots=[], weekly_minutes=300)
    assert {"slots", "weekly_minutes"} <= set(errors_of(excinfo))


@pytest.mark.django_db
def test_bad_rome_code_is_refused(personas):
    with pytest.raises(ValidationError) as excinfo:
        create(personas, rome_code="K22")
    assert "rome_code" in errors_of(excinfo)


@pytest.mark.django_db
def test_archived_site_is_refused(personas):
    site = SiteFactory(member=personas.member_a1)
    site.archived_at = site.created_at
    site.save()
    with pytest.raises(ValidationError) as excinfo:
        create(personas, site=site)
    assert "site" in errors_of(excinfo)


def test_schedules_are_summarised_the_way_planners_read_them():
    from mutualis.needs.timeline import summarise

    week = [(to_minutes(d, 8), to_minutes(d, 12)) for d in range(5)] + [(to_minutes(5, 9), to_minutes(5, 11))]
    assert summarise(week) == "lun.–ven. 08:00–12:00 ; sam. 09:00–11:00"
    assert summarise([(to_minutes(0, 8), to_minutes(0, 9)), (to_minutes(2, 8), to_minutes(2, 9))]) == (
        "lun., mer. 08:00–09:00"
    )
    assert summarise([(to_minutes(6, 22), to_minutes(7, 0))]) == "dim. 22:00–24:00"
    assert summarise([]) == ""
