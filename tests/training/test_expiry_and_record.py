import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from mutualis.training import documents, services
from mutualis.training.models import EmployeeCertification, TrainingDocument

from .conftest import membership_of

pytestmark = pytest.mark.django_db


def _cert(w, employee, expires_on, **kw):
    return EmployeeCertification.objects.create(
        group=employee.group,
        employee=employee,
        skill=w.skill,
        certified_on=expires_on - dt.timedelta(days=700),
        expires_on=expires_on,
        **kw,
    )


def test_expiry_alert_60_days_boundary_and_renewal(world):
    w = world
    today = dt.date(2027, 3, 1)
    inside = _cert(w, w.employee_a, today + dt.timedelta(days=60))
    _cert(w, w.employee_b, today + dt.timedelta(days=10))  # another GE
    assert list(services.expiring_certifications(w.group_a, on=today)) == [inside]
    assert not services.expiring_certifications(w.group_a, on=today - dt.timedelta(days=1)).exists()
    # Renewed by a later certification of the same skill: no more alert.
    _cert(w, w.employee_a, today + dt.timedelta(days=800))
    assert not services.expiring_certifications(w.group_a, on=today).exists()


def test_review_record_pdf(world):
    w = world
    review = services.record_review(
        employee=w.employee_a, kind="first", held_on=dt.date(2026, 11, 2), record="Souhaite passer le CACES."
    )
    pdf = documents.review_record_pdf(review)
    assert pdf.startswith(b"%PDF")
    assert documents.review_record_filename(review).startswith("entretien-")


def test_documents_attached_to_an_enrolment_and_its_funding(world):
    w = world
    w.group_a.opco = "OPCO EP"
    w.group_a.save()
    enrolment = services.enrol(
        membership=membership_of(w.director_a), session=w.session, employee=w.employee_a
    )
    from decimal import Decimal

    funding = services.request_funding(enrolment=enrolment, scheme="plan", requested=Decimal("10"))
    doc = services.attach_document(
        enrolment=enrolment, kind="quote", funding=funding, file=ContentFile(b"%PDF-1.4", name="devis.pdf")
    )
    assert doc.name == "devis.pdf" and doc.funding == funding
    with pytest.raises(ValidationError) as exc:
        services.attach_document(enrolment=enrolment, kind="quote", file=ContentFile(b"MZ", name="virus.exe"))
    assert "file" in exc.value.message_dict
    assert TrainingDocument.objects.count() == 1
