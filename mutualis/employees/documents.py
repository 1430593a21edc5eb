"""Printable documents of a contract, rendered with WeasyPrint from HTML templates."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from weasyprint import CSS, HTML


def _stylesheets():
    path = finders.find("mutualis/pdf.css")
    return [CSS(filename=path)] if path else []


def render_pdf(template_name, context):
    html = render_to_string(template_name, context)
    return HTML(string=html).write_pdf(stylesheets=_stylesheets())


def contract_annex_pdf(contract):
    """The annex listing the potential members and places of work (art. L1253-9 of the Labour Code).

    `contract` should come with `employee`, `group`, `potential_members` and `places__member`
    loaded (see selectors.contract_for_annex).
    """
    context = {
        "contract": contract,
        "group": contract.group,
        "employee": contract.employee,
        "members": list(contract.potential_members.all()),
        "places": list(contract.places.all()),
        "printed_on": timezone.localdate(),
    }
    return render_pdf("pdf/contract_annex.html", context)


def contract_annex_filename(contract):
    """An ASCII file name (HTTP headers take no arbitrary Unicode): annexe-l1253-9-<name>-<start>.pdf."""
    name = slugify(f"{contract.employee.last_name} {contract.employee.first_name}") or "salarie"
    return f"annexe-l1253-9-{name}-{contract.start_date:%Y-%m-%d}.pdf"
