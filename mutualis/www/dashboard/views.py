from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mutualis.accounts.tenancy import scoped
from mutualis.employees.models import Contract, ContractKind, Employee
from mutualis.members.models import Member


@login_required
def home(request):
    membership = request.membership
    context = {"membership": membership}
    if membership is not None and membership.is_staff_role:
        members = scoped(Member, membership).active()
        employees = scoped(Employee, membership).active()
        contracts = scoped(Contract, membership).active()
        public, total = membership.group.public_body_share()
        context.update(
            members_count=members.count(),
            employees_count=employees.count(),
            cdi_count=contracts.filter(kind=ContractKind.CDI).values("employee").distinct().count(),
            public_bodies=public,
            public_bodies_exceed_half=total > 0 and public * 2 > total,
        )
    return render(request, "www/home.html", context)
