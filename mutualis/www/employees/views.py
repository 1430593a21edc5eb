"""GE staff pages for employees and their contracts; an employee reads their own."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from mutualis.accounts.tenancy import scoped
from mutualis.core.access import ensure, has_membership, permission
from mutualis.employees import documents, perms, selectors, services
from mutualis.employees.models import AIDED_KINDS, Contract, Employee
from mutualis.www.members.forms import add_model_errors
from mutualis.www.tables import list_page

from .filters import ContractFilter, EmployeeFilter
from .forms import ContractForm, EmployeeForm
from .tables import ContractTable, EmployeeTable

READ_ONLY = _lazy("Votre rôle permet de consulter le registre, pas de le modifier.")


def _get_employee(request, public_id):
    employee = get_object_or_404(
        scoped(Employee, request.membership).select_related("home_site"), public_id=public_id
    )
    ensure(visible=perms.can_view_employee(request.membership, employee))
    return employee


def _get_contract(request, public_id):
    contract = get_object_or_404(
        scoped(Contract, request.membership).select_related("employee"), public_id=public_id
    )
    ensure(visible=perms.can_view_contract(request.membership, contract))
    return contract


# Employees ----------------------------------------------------------------------------------


@permission(perms.can_list_employees)
def employee_list(request):
    return list_page(
        request,
        queryset=selectors.employee_list(request.membership),
        filterset_class=EmployeeFilter,
        table_class=EmployeeTable,
        template="employees/employee_list.html",
        export_name="salaries",
        title=_("Salariés"),
        context={"can_write": perms.can_write_registry(request.membership)},
    )


def _save_employee(request, form, service, **kwargs):
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
    try:
        return service(actor=request.user, skills=form.chosen_skills(), **kwargs, **fields)
    except ValidationError as exc:
        add_model_errors(form, exc)
        return None


@permission(perms.can_write_registry, visible=perms.is_staff, message=READ_ONLY)
def employee_create(request):
    group = request.current_group
    form = EmployeeForm(request.POST or None, membership=request.membership, instance=Employee(group=group))
    if request.method == "POST" and form.is_valid():
        employee = _save_employee(request, form, services.create_employee, group=group)
        if employee is not None:
            messages.success(request, _("Salarié « %(name)s » créé.") % {"name": employee.full_name})
            return redirect("employees:detail", public_id=employee.public_id)
    return render(request, "employees/employee_form.html", {"form": form, "employee": None})


@permission(has_membership)
def employee_detail(request, public_id):
    membership = request.membership
    employee = _get_employee(request, public_id)
    context = {
        "employee": employee,
        "skills_by_kind": selectors.employee_skills_by_kind(employee),
        "contracts": selectors.employee_contracts(membership, employee),
        "can_write": perms.can_edit_employee(membership, employee),
        "is_staff": perms.is_staff(membership),
    }
    return render(request, "employees/employee_detail.html", context)


@permission(perms.is_staff)
def employee_update(request, public_id):
    employee = _get_employee(request, public_id)
    ensure(perms.can_edit_employee(request.membership, employee), message=READ_ONLY)
    shown = copy.copy(employee)  # the page keeps showing the saved name while the form has errors
    form = EmployeeForm(request.POST or None, membership=request.membership, instance=employee)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_employee(request, form, services.update_employee, employee=employee)
    ):
        messages.success(request, _("Salarié « %(name)s » enregistré.") % {"name": employee.full_name})
        return redirect("employees:detail", public_id=employee.public_id)
    return render(request, "employees/employee_form.html", {"form": form, "employee": shown})


@permission(perms.is_staff)
@require_POST
def employee_archive(request, public_id):
    employee = _get_employee(request, public_id)
    ensure(perms.can_edit_employee(request.membership, employee), message=READ_ONLY)
    services.archive_employee(actor=request.user, employee=employee)
    messages.success(request, _("Salarié « %(name)s » archivé.") % {"name": employee.full_name})
    return redirect("employees:detail", public_id=employee.public_id)


@permission(perms.is_staff)
@require_POST
def employee_unarchive(request, public_id):
    employee = _get_employee(request, public_id)
    ensure(perms.can_edit_employee(request.membership, employee), message=READ_ONLY)
    services.unarchive_employee(actor=request.user, employee=employee)
    messages.success(request, _("Salarié « %(name)s » désarchivé.") % {"name": employee.full_name})
    return redirect("employees:detail", public_id=employee.public_id)


# Contracts ----------------------------------------------------------------------------------


@permission(perms.can_list_employees)
def contract_list(request):
    return list_page(
        request,
        queryset=selectors.contract_list(request.membership),
        filterset_class=ContractFilter,
        table_class=ContractTable,
        template="employees/contract_list.html",
        export_name="contrats",
        title=_("Contrats de travail"),
    )


def _save_contract(request, form, service, **kwargs):
    try:
        return service(actor=request.user, **kwargs, **form.service_fields())
    except ValidationError as exc:
        add_model_errors(form, exc)
        return None


@permission(perms.is_staff)
def contract_create(request, public_id):
    employee = _get_employee(request, public_id)
    ensure(perms.can_edit_employee(request.membership, employee), message=READ_ONLY)
    instance = Contract(group_id=employee.group_id, employee=employee)
    form = ContractForm(request.POST or None, membership=request.membership, instance=instance)
    if request.method == "POST" and form.is_valid():
        contract = _save_contract(request, form, services.create_contract, employee=employee)
        if contract is not None:
            messages.success(request, _("Contrat enregistré."))
            return redirect("employees:contract_detail", public_id=contract.public_id)
    return render(
        request,
        "employees/contract_form.html",
        {"form": form, "employee": employee, "contract": None, "aided_kinds": sorted(AIDED_KINDS)},
    )


@permission(has_membership)
def contract_detail(request, public_id):
    membership = request.membership
    contract = _get_contract(request, public_id)
    contract = selectors.contract_for_annex(membership, contract.public_id)
    context = {
        "contract": contract,
        "employee": contract.employee,
        "members": list(contract.potential_members.all()),
        "places": list(contract.places.all()),
        "can_write": perms.can_edit_contract(membership, contract),
        "is_staff": perms.is_staff(membership),
    }
    return render(request, "employees/contract_detail.html", context)


@permission(perms.is_staff)
def contract_update(request, public_id):
    contract = _get_contract(request, public_id)
    ensure(perms.can_edit_contract(request.membership, contract), message=READ_ONLY)
    form = ContractForm(request.POST or None, membership=request.membership, instance=contract)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_contract(request, form, services.update_contract, contract=contract)
    ):
        messages.success(request, _("Contrat enregistré."))
        return redirect("employees:contract_detail", public_id=contract.public_id)
    return render(
        request,
        "employees/contract_form.html",
        {
            "form": form,
            "employee": contract.employee,
            "contract": contract,
            "aided_kinds": sorted(AIDED_KINDS),
        },
    )


@permission(perms.is_staff)
@require_POST
def contract_archive(request, public_id):
    contract = _get_contract(request, public_id)
    ensure(perms.can_edit_contract(request.membership, contract), message=READ_ONLY)
    services.archive_contract(actor=request.user, contract=contract)
    messages.success(request, _("Contrat archivé."))
    return redirect("employees:contract_detail", public_id=contract.public_id)


@permission(perms.is_staff)
@require_POST
def contract_unarchive(request, public_id):
    contract = _get_contract(request, public_id)
    ensure(perms.can_edit_contract(request.membership, contract), message=READ_ONLY)
    services.unarchive_contract(actor=request.user, contract=contract)
    messages.success(request, _("Contrat désarchivé."))
    return redirect("employees:contract_detail", public_id=contract.public_id)


@permission(has_membership)
def contract_annex_pdf(request, public_id):
    contract = _get_contract(request, public_id)
    ensure(visible=perms.can_download_contract_annex(request.membership, contract))
    contract = selectors.contract_for_annex(request.membership, contract.public_id)
    response = HttpResponse(documents.contract_annex_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.contract_annex_filename(contract)}"'
    return response
