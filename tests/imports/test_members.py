import datetime
from decimal import Decimal

import pytest

from mutualis.core.identifiers import make_siret
from mutualis.core.models import AuditEvent
from mutualis.imports import services
from mutualis.imports.models import ImportStatus
from mutualis.members.models import HeadcountBand, Member, MemberKind, MemberVatStatus

from .helpers import csv_upload, xlsx_upload

HEADER = [
    "raison_sociale",
    "nature",
    "siret",
    "code_naf",
    "tranche_effectif",
    "statut_tva",
    "date_adhesion",
    "date_sortie",
    "depot_garantie",
    "courriel",
    "telephone",
]


def row(name, siret, **over):
    values = {
        "raison_sociale": name,
        "nature": "Entreprise",
        "siret": siret,
        "code_naf": "10.71C",
        "tranche_effectif": "1-9",
        "statut_tva": "Assujetti",
        "date_adhesion": "15/01/2024",
        "date_sortie": "",
        "depot_garantie": "1 234,50",
        "courriel": "compta@example.org",
        "telephone": "02 33 00 00 00",
    }
    values.update(over)
    return [values[h] for h in HEADER]


@pytest.mark.django_db
def test_clean_members_file_imports_all_rows_with_french_values(personas):
    rows = [
        HEADER,
        row("Boulangerie", make_siret(501)),
        row(
            "Club de foot",
            make_siret(502),
            nature="association",
            statut_tva="non assujetti",
            tranche_effectif="12",
        ),
        row(
            "Mairie",
            make_siret(503),
            nature="PERSONNE PUBLIQUE",
            date_adhesion="2023-09-01",
            date_sortie="31/12/2025",
            depot_garantie="",
            code_naf="8411z",
        ),
    ]
    batch = services.create_batch(
        group=personas.group_a, owner=personas.director_a, kind="members", uploaded_file=csv_upload(rows)
    )
    assert batch.status == ImportStatus.READY
    assert (batch.total_rows, batch.valid_rows, batch.error_rows, batch.errors) == (3, 3, 0, [])
    assert Member.objects.filter(group=personas.group_a).count() == 2  # nothing saved yet

    assert services.confirm_import(batch=batch, actor=personas.director_a, only_valid=False)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED and batch.imported_rows == 3
    bakery = Member.objects.get(siret=make_siret(501))
    assert bakery.group == personas.group_a
    assert bakery.kind == MemberKind.COMPANY
    assert bakery.deposit == Decimal("1234.50")
    assert bakery.joined_on == datetime.date(2024, 1, 15)
    club = Member.objects.get(siret=make_siret(502))
    assert (club.kind, club.vat_status, club.headcount_band) == (
        MemberKind.ASSOCIATION,
        MemberVatStatus.NOT_SUBJECT,
        HeadcountBand.FROM_10,
    )
    town = Member.objects.get(siret=make_siret(503))
    assert town.kind == MemberKind.PUBLIC_BODY
    assert town.left_on == datetime.date(2025, 12, 31)
    assert town.deposit == Decimal("0.00")
    assert town.naf_code == "8411Z"
    event = AuditEvent.objects.get(action="import.members")
    assert event.actor == personas.director_a and event.data["rows"] == 3


@pytest.mark.django_db
def test_bad_member_rows_are_reported_by_line_and_column(personas):
    rows = [
        HEADER,
        row("Bon", make_siret(601)),  # line 2
        row("SIRET faux", "12345678901234"),  # 3
        row("Déjà là", personas.member_a1.siret),  # 4
        row("Nature", make_siret(602), nature="ONG"),  # 5
        row("Dates", make_siret(603), date_adhesion="01/02/2024", date_sortie="01/01/2024"),  # 6
        row("Doublon 1", make_siret(604)),  # 7
        row("Doublon 2", make_siret(604), courriel="pas-un-courriel"),  # 8
        row("", make_siret(605), depot_garantie="-5"),  # 9
        row("Date", make_siret(606), date_adhesion="31/02/2024"),  # 10
    ]
    batch = services.create_batch(
        group=personas.group_a, owner=personas.director_a, kind="members", uploaded_file=csv_upload(rows)
    )
    found = {(e["line"], e["column"]) for e in batch.errors}
    assert found == {
        (3, "siret"),
        (4, "siret"),
        (5, "nature"),
        (6, "date_sortie"),
        (7, "siret"),
        (8, "siret"),
        (8, "courriel"),
        (9, "raison_sociale"),
        (9, "depot_garantie"),
        (10, "date_adhesion"),
    }
    messages = {(e["line"], e["column"]): e["message"] for e in batch.errors}
    assert "déjà adhérent" in messages[(4, "siret")]
    assert "ligne 7" in messages[(8, "siret")] and "ligne 8" in messages[(7, "siret")]
    assert "Entreprise" in messages[(5, "nature")]
    assert "31/02/2024" in messages[(10, "date_adhesion")]
    assert (batch.valid_rows, batch.error_rows) == (1, 8)

    with pytest.raises(services.ImportRefused):
        services.confirm_import(batch=batch, actor=personas.director_a, only_valid=False)
    assert not Member.objects.filter(siret=make_siret(601)).exists()
    services.confirm_import(batch=batch, actor=personas.director_a, only_valid=True)
    assert Member.objects.filter(group=personas.group_a).count() == 3
    assert Member.objects.filter(siret=make_siret(601)).exists()


@pytest.mark.django_db
def test_xlsx_members_with_native_cells(personas):
    rows = [
        HEADER,
        [
            "Garage",
            "Entreprise",
            int(make_siret(701)),
            "45.20A",
            3,
            "Assujetti",
            datetime.datetime(2024, 3, 1),
            None,
            250.5,
            None,
            None,
        ],
    ]
    batch = services.create_batch(
        group=personas.group_a, owner=personas.planner_a, kind="members", uploaded_file=xlsx_upload(rows)
    )
    assert batch.errors == []
    services.confirm_import(batch=batch, actor=personas.planner_a, only_valid=False)
    garage = Member.objects.get(siret=make_siret(701))
    assert garage.joined_on == datetime.date(2024, 3, 1)
    assert garage.deposit == Decimal("250.50")
    assert garage.headcount_band == HeadcountBand.FROM_1


@pytest.mark.django_db
def test_confirm_twice_is_refused(personas):
    batch = services.create_batch(
        group=personas.group_a,
        owner=personas.director_a,
        kind="members",
        uploaded_file=csv_upload([HEADER, row("Un", make_siret(801))]),
    )
    services.confirm_import(batch=batch, actor=personas.director_a, only_valid=False)
    with pytest.raises(services.ImportRefused):
        services.confirm_import(batch=batch, actor=personas.director_a, only_valid=False)
    assert Member.objects.filter(siret=make_siret(801)).count() == 1


@pytest.mark.django_db
def test_data_changed_since_preview_saves_nothing(personas):
    from tests.factories import MemberFactory

    batch = services.create_batch(
        group=personas.group_a,
        owner=personas.director_a,
        kind="members",
        uploaded_file=csv_upload([HEADER, row("Un", make_siret(901)), row("Deux", make_siret(902))]),
    )
    MemberFactory(group=personas.group_a, siret=make_siret(902))
    assert services.confirm_import(batch=batch, actor=personas.director_a, only_valid=False)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.READY
    assert [(e["line"], e["column"]) for e in batch.errors] == [(3, "siret")]
    assert not Member.objects.filter(siret=make_siret(901)).exists()
