import pytest
from django.urls import reverse

from mutualis.needs.models import Need, NeedKind, NeedStatus
from tests.needs.factories import NeedFactory


def need_post(personas, **overrides):
    data = {
        "member": str(personas.member_a1.public_id),
        "site": str(personas.site_a1.public_id),
        "job_title": "Agent d'entretien",
        "rome_code": "K2204",
        "kind": NeedKind.FIXED,
        "status": NeedStatus.OPEN,
        "weeks_text": "",
        "slots-TOTAL_FORMS": "3",
        "slots-INITIAL_FORMS": "0",
        "slots-0-weekday": "0",
        "slots-0-start": "08:00",
        "slots-0-end": "12:00",
        "windows-TOTAL_FORMS": "3",
        "windows-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_planner_declares_a_fixed_need_with_the_form(client, personas):
    client.force_login(personas.planner_a)
    response = client.post(
        reverse("needs:create"),
        need_post(
            personas,
            **{
                "slots-1-weekday": "2",
                "slots-1-start": "14:00",
                "slots-1-end": "00:00",
                "weeks_text": "1-3, 10",
            },
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    need = Need.objects.get()
    assert [(s.start, s.end) for s in need.slots.all()] == [(480, 720), (3720, 4320)]
    assert need.weeks == [1, 2, 3, 10]
    page = client.get(response.url)
    assert "lundi 08:00–12:00" in page.content.decode()


@pytest.mark.django_db
def test_slot_ending_before_it_starts_is_shown_on_its_line(client, personas):
    client.force_login(personas.planner_a)
    response = client.post(reverse("needs:create"), need_post(personas, **{"slots-0-end": "07:00"}))
    assert response.status_code == 200
    assert "La fin doit être après le début" in response.content.decode()
    assert not Need.objects.exists()


@pytest.mark.django_db
def test_overlapping_need_of_the_same_member_is_refused_with_a_message(client, personas):
    NeedFactory(member=personas.member_a1, site=personas.site_a1, job_title="Accueil")
    client.force_login(personas.planner_a)
    response = client.post(
        reverse("needs:create"), need_post(personas, **{"slots-0-start": "11:00", "slots-0-end": "13:00"})
    )
    assert response.status_code == 200
    assert "chevauche le besoin « Accueil »" in response.content.decode()
    assert Need.objects.count() == 1


@pytest.mark.django_db
def test_site_of_another_member_is_refused_on_the_site_field(client, personas):
    client.force_login(personas.planner_a)
    response = client.post(reverse("needs:create"), need_post(personas, site=str(personas.site_a2.public_id)))
    assert response.status_code == 200
    assert response.context["form"].errors["site"]


@pytest.mark.django_db
def test_bad_weeks_are_refused_on_their_field(client, personas):
    client.force_login(personas.planner_a)
    response = client.post(reverse("needs:create"), need_post(personas, weeks_text="1-60"))
    assert "weeks_text" in response.context["form"].errors


@pytest.mark.django_db
def test_flexible_need_with_windows(client, personas):
    client.force_login(personas.planner_a)
    data = need_post(
        personas,
        kind=NeedKind.FLEXIBLE,
        weekly_hours="7,5",
        min_block_hours="2",
        **{
            "slots-0-weekday": "",
            "slots-0-start": "",
            "slots-0-end": "",
            "windows-0-weekday": "1",
            "windows-0-start": "08:00",
            "windows-0-end": "18:00",
        },
    )
    response = client.post(reverse("needs:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    need = Need.objects.get()
    assert need.weekly_minutes == 450 and need.min_block_minutes == 120
    assert [(w.start, w.end) for w in need.windows.all()] == [(1920, 2520)]


@pytest.mark.django_db
def test_member_contact_declares_for_its_own_member_only(client, personas):
    client.force_login(personas.contact_a1)
    response = client.post(
        reverse("needs:create"), need_post(personas, member=str(personas.member_a2.public_id))
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Need.objects.get().member == personas.member_a1


@pytest.mark.django_db
def test_accountant_reads_but_cannot_declare(client, personas):
    NeedFactory(member=personas.member_a1, site=personas.site_a1)
    client.force_login(personas.accountant_a)
    assert client.get(reverse("needs:list")).status_code == 200
    assert client.get(reverse("needs:create")).status_code == 404


@pytest.mark.django_db
def test_list_filters_scopes_and_exports(client, personas, django_assert_max_num_queries):
    NeedFactory(member=personas.member_a1, site=personas.site_a1, job_title="Jardinier")
    NeedFactory(member=personas.member_a2, site=personas.site_a2, job_title="Comptable")
    NeedFactory(member=personas.member_b1, site=personas.site_b1, job_title="Cuisinier")
    client.force_login(personas.planner_a)
    with django_assert_max_num_queries(15):
        body = client.get(reverse("needs:list")).content.decode()
    assert "Jardinier" in body and "Comptable" in body and "Cuisinier" not in body
    body = client.get(reverse("needs:list"), {"q": "jardin"}).content.decode()
    assert "Comptable" not in body
    export = client.get(reverse("needs:list"), {"_export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    text = export.content.decode("utf-8-sig")
    assert "Jardinier" in text and "Cuisinier" not in text
    assert client.get(reverse("needs:list"), {"_export": "xlsx"}).status_code == 200
    client.force_login(personas.contact_a2)
    body = client.get(reverse("needs:list")).content.decode()
    assert "Comptable" in body and "Jardinier" not in body


@pytest.mark.django_db
def test_need_of_another_member_or_group_is_404(client, personas):
    need = NeedFactory(member=personas.member_a1, site=personas.site_a1)
    for user in ("contact_a2", "director_b", "employee_user_a"):
        client.force_login(personas[user])
        assert client.get(reverse("needs:detail", args=[need.public_id])).status_code == 404
        assert client.post(reverse("needs:withdraw", args=[need.public_id])).status_code == 404
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


@pytest.mark.django_db
def test_withdraw_and_update_keep_slots(client, personas):
    need = NeedFactory(member=personas.member_a1, site=personas.site_a1)
    client.force_login(personas.contact_a1)
    page = client.get(reverse("needs:update", args=[need.public_id]))
    assert page.status_code == 200
    assert page.context["slot_formset"].initial == [{"weekday": 0, "start": "08:00", "end": "12:00"}]
    response = client.post(reverse("needs:withdraw", args=[need.public_id]))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.WITHDRAWN


@pytest.mark.django_db
def test_a_need_in_an_accepted_position_is_frozen(client, personas):
    need = NeedFactory(member=personas.member_a1, site=personas.site_a1, status=NeedStatus.CONSOLIDATED)
    client.force_login(personas.planner_a)
    assert client.get(reverse("needs:update", args=[need.public_id])).status_code == 403
    assert client.post(reverse("needs:withdraw", args=[need.public_id])).status_code == 403
    assert "Modifier" not in client.get(reverse("needs:detail", args=[need.public_id])).content.decode()
