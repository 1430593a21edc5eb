"""The written record of a career review (« entretien de parcours professionnel »), as a PDF given
to the employee: rendered with WeasyPrint like the other documents of the project."""

from django.utils import timezone
from django.utils.text import slugify

from mutualis.employees.documents import render_pdf

from .models import EmployeeCertification


def review_record_pdf(review):
    """`review` comes with `employee` and `group` loaded."""
    employee = review.employee
    certifications = (
        EmployeeCertification.objects.filter(employee=employee)
        .select_related("skill")
        .order_by("certified_on", "id")
    )
    context = {
        "review": review,
        "group": review.group,
        "employee": employee,
        "certifications": list(certifications),
        "printed_on": timezone.localdate(),
    }
    return render_pdf("pdf/career_review.html", context)


def review_record_filename(review):
    """ASCII only (HTTP headers): entretien-<name>-<date>.pdf."""
    name = slugify(f"{review.employee.last_name} {review.employee.first_name}") or "salarie"
    return f"entretien-{name}-{review.held_on:%Y-%m-%d}.pdf"
