"""The placement agreement PDF, read back with pypdf."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from mutualis.billing.agreements import placement_agreement_pdf
from mutualis.planning.documents import average_weekly_minutes, placement_agreement_filename
from mutualis.planning.models import AssignmentSlot
from tests.factories import AssignmentFactory, AssignmentSlotFactory, SiteFactory


def text_of(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.mark.django_db
def test_the_agreement_carries_every_mention(personas):
    personas.contract_a.qualification = "Agent de service qualifié"
    personas.contract_a.save()
    second_site = SiteFactory(member=personas.member_a1, name="Atelier du Gué", city="Sées")
    first = AssignmentFactory(
        employee=personas.employee_a,
        member=personas.member_a1,
        site=personas.site_a1,
        contract=personas.contract_a,
        start_date=dt.date(2025, 2, 3),
        end_date=dt.date(2025, 12, 19),
        hourly_rate=Decimal("23.5000"),
    )
    AssignmentSlotFactory(assignment=first, weekday=0, start_time=dt.time(8), end_time=dt.time(12))
    AssignmentSlotFactory(assignment=first, weekday=3, start_time=dt.time(14), end_time=dt.time(17, 30))
    second = AssignmentFactory(
        employee=personas.employee_a,
        member=personas.member_a1,
        site=second_site,
        start_date=dt.date(2025, 3, 3),
    )
    AssignmentSlotFactory(
        assignment=second, weekday=4, start_time=dt.time(9), end_time=dt.time(12), week_parity="even"
    )
    # Another member's assignment stays out.
    AssignmentFactory(employee=personas.employee_a, member=personas.member_a2, site=personas.site_a2)

    pdf = placement_agreement_pdf(member=personas.member_a1, employee=personas.employee_a)
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    for expected in (
        "Convention de mise à disposition",
        "GE A",
        "Adhérent A1",
        personas.member_a1.siret,
        personas.employee_a.last_name,
        "Agent de service qualifié",
        personas.site_a1.name,
        "Atelier du Gué",
        "lundi",
        "08:00 – 12:00",
        "jeudi",
        "14:00 – 17:30",
        "Semaines paires",
        "7 h 30",
        "1 h 30",
        "23,50 € HT",
        "Prix de l'heure facturée : 23,375 € HT",
        "03/02/2025",
        "L1253-12",
        "durée du travail",
    ):
        assert expected in text, expected
    assert "Adhérent A2" not in text
    assert "pour une durée indéterminée" in text


@pytest.mark.django_db
def test_weekly_average_and_filename(personas):
    slots = [
        AssignmentSlot(weekday=0, start_time=dt.time(22), end_time=dt.time(6)),
        AssignmentSlot(weekday=1, start_time=dt.time(8), end_time=dt.time(12), week_parity="odd"),
    ]
    assert average_weekly_minutes(slots) == 8 * 60 + 2 * 60
    name = placement_agreement_filename(member=personas.member_a1, employee=personas.employee_a)
    assert name.endswith(".pdf") and " " not in name
