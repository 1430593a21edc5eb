"""The feasibility study of a GE project, as plain data: positions, hours, members per position, the
members' cost per hour at the chosen coefficient with and without employment aids, the break-even
coefficient for the planned overheads, the legal forms that fit with their constraints, a 3-year
projection. The page, the PDF and the API read this one function.

Rules of the computation (written once, here):
- paid hours a year = weekly hours × 52 (leave and public holidays are paid);
- billed hours a year = paid hours × billable share (leave and holidays are not billed);
- wage cost = paid hours × gross hourly wage × (1 + employer charges);
- members' price per billed hour = gross hourly wage × coefficient (the GE's usual rule);
- with aids: the aids are passed on to the members (deducted from their invoices), so the price per
  billed hour falls by aids ÷ billed hours;
- break-even coefficient = (wage cost + overheads [− aids]) ÷ (billed hours × gross hourly wage);
- money is rounded to the cent once, half up, when a figure is shown; coefficients to 3 decimals.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from mutualis.members.models import MemberKind
from mutualis.needs.instance import plan_to_public
from mutualis.needs.timeline import format_duration

from .models import ProjectNeed

CENT = Decimal("0.01")
MILLI = Decimal("0.001")
WEEKS_A_YEAR = 52
FULL_TIME_MINUTES = 35 * 60


def cents(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _coefficient(value):
    return Decimal(value).quantize(MILLI, rounding=ROUND_HALF_UP)


def economics(project, weekly_minutes):
    """Money figures for `weekly_minutes` of placed work a week (all positions together)."""
    wage = Decimal(project.gross_hourly_wage)
    charges = Decimal(project.employer_charges_percent) / 100
    billable = Decimal(project.billable_percent) / 100
    coefficient = Decimal(project.coefficient)
    overheads = Decimal(project.overheads_per_year)
    aids = Decimal(project.aids_per_year)
    paid_hours = Decimal(weekly_minutes) / 60 * WEEKS_A_YEAR
    billed_hours = paid_hours * billable
    wage_cost = paid_hours * wage * (1 + charges)
    revenue = billed_hours * wage * coefficient
    price = wage * coefficient
    figures = {
        "paid_hours": paid_hours.quantize(CENT),
        "billed_hours": billed_hours.quantize(CENT),
        "wage_cost": cents(wage_cost),
        "revenue": cents(revenue),
        "overheads": cents(overheads),
        "aids": cents(aids),
        "price_per_hour": cents(price),
        "price_per_hour_with_aids": None,
        "cost_per_billed_hour": None,
        "break_even_coefficient": None,
        "break_even_coefficient_with_aids": None,
        "result": cents(revenue - wage_cost - overheads),
        "result_with_aids": cents(revenue + aids - wage_cost - overheads),
    }
    if billed_hours > 0:
        figures["price_per_hour_with_aids"] = cents(price - aids / billed_hours)
        figures["cost_per_billed_hour"] = cents((wage_cost + overheads) / billed_hours)
        base = billed_hours * wage
        figures["break_even_coefficient"] = _coefficient((wage_cost + overheads) / base)
        figures["break_even_coefficient_with_aids"] = _coefficient(
            max(wage_cost + overheads - aids, 0) / base
        )
    return figures


def projection(project, weekly_minutes):
    """Years 1 to 3: the placed hours ramp up (project.ramp, % of the consolidated hours)."""
    years = []
    for year, percent in enumerate(project.ramp, start=1):
        minutes = Decimal(weekly_minutes) * Decimal(str(percent)) / 100
        figures = economics(project, minutes)
        years.append(
            {
                "year": year,
                "percent": percent,
                "weekly": format_duration(int(minutes)),
                "billed_hours": figures["billed_hours"],
                "revenue": figures["revenue"],
                "wage_cost": figures["wage_cost"],
                "overheads": figures["overheads"],
                "aids": figures["aids"],
                "result": figures["result_with_aids"],
            }
        )
    return years


def legal_checklist(project):
    """The legal forms that fit, each with its constraints and whether the census data allows it."""
    kinds = list(project.employers.values_list("kind", flat=True))
    total = len(kinds)
    public = sum(1 for k in kinds if k == MemberKind.PUBLIC_BODY)
    public_ok = public * 2 <= total
    public_line = _("%(public)s personne(s) publique(s) sur %(total)s employeurs recensés.") % {
        "public": public,
        "total": total,
    }
    return [
        {
            "form": _("Association loi 1901 (L1253-2)"),
            "fits": public_ok,
            "constraints": [
                _(
                    "Les adhérents sont solidairement responsables des dettes du GE envers les salariés et "
                    "les organismes sociaux (L1253-8) ; les statuts peuvent fixer une répartition."
                ),
                _(
                    "Déclaration à l'inspection du travail dans le mois de la création : statuts, dirigeants, "
                    "liste des adhérents, convention collective appliquée."
                ),
                _(
                    "GE mixte : les collectivités territoriales ne peuvent pas dépasser la moitié des "
                    "adhérents."
                )
                + " "
                + public_line,
                _(
                    "Opérations à but non lucratif (L1253-1) : la facturation couvre les coûts, sans bénéfice "
                    "distribué."
                ),
            ],
        },
        {
            "form": _("Société coopérative d'intérêt collectif (SCIC) exerçant l'activité de GE (L1253-3)"),
            "fits": True,
            "constraints": [
                _(
                    "Les collectivités publiques et leurs groupements ne peuvent pas détenir plus de 50 % du "
                    "capital (loi du 10 septembre 1947, art. 19 septies)."
                ),
                _("Au moins trois catégories d'associés, dont les salariés et les bénéficiaires."),
                _(
                    "L'activité de GE figure dans les statuts avec la responsabilité solidaire ; ses moyens sont "
                    "identifiés et sa comptabilité est distincte (R1253-35 et R1253-36)."
                ),
            ],
        },
        {
            "form": _("Groupement d'intérêt économique (GIE)"),
            "fits": False,
            "constraints": [
                _(
                    "Ne peut pas être un groupement d'employeurs : le Code du travail ne prévoit que "
                    "l'association et la coopérative (L1253-2)."
                ),
                _(
                    "Peut employer du personnel pour ses membres, à prix coûtant (prêt de main-d'œuvre à but "
                    "non lucratif, L8241-2) ; membres tenus indéfiniment et solidairement des dettes."
                ),
            ],
        },
    ]


def study(project):
    """Everything the study shows, as plain data (the page, the PDF and the API read it)."""
    public = plan_to_public(project.plan or {}, project.id_map or {})
    needs = {
        str(n.public_id): n
        for n in ProjectNeed.objects.filter(employer__project=project).select_related("employer__commune")
    }
    positions = []
    for proposal in public["positions"]:
        members = sorted({needs[n].employer.name for n in proposal["needs"] if n in needs})
        positions.append(
            {
                "id": proposal["id"],
                "jobs": sorted({needs[n].job_title for n in proposal["needs"] if n in needs}),
                "members": members,
                "member_count": len(members),
                "communes": sorted({needs[n].employer.commune.name for n in proposal["needs"] if n in needs}),
                "weekly_minutes": proposal["weekly_minutes"],
                "weekly": format_duration(proposal["weekly_minutes"]),
                "full_time": proposal["weekly_minutes"] >= FULL_TIME_MINUTES,
            }
        )
    unassigned = [
        {
            "job": needs[u["need"]].job_title if u["need"] in needs else "?",
            "employer": needs[u["need"]].employer.name if u["need"] in needs else "?",
            "reason": u["reason"],
        }
        for u in public["unassigned"]
    ]
    placed = sum(p["weekly_minutes"] for p in positions)
    declared = sum(n.minutes for n in needs.values())
    count = len(positions)
    return {
        "positions": positions,
        "unassigned": unassigned,
        "summary": {
            "employers": project.employers.count(),
            "needs": len(needs),
            "declared": format_duration(declared),
            "placed": format_duration(placed),
            "placed_minutes": placed,
            "positions": count,
            "full_time_positions": sum(1 for p in positions if p["full_time"]),
            "fte": (Decimal(placed) / FULL_TIME_MINUTES).quantize(CENT),
            "members_per_position": (
                (Decimal(sum(p["member_count"] for p in positions)) / count).quantize(CENT)
                if count
                else Decimal(0)
            ),
        },
        "economics": economics(project, placed),
        "projection": projection(project, placed),
        "legal": legal_checklist(project),
        "studied_at": project.studied_at,
    }


def study_pdf(project):
    from django.template.loader import render_to_string
    from django.utils import timezone
    from weasyprint import HTML

    from mutualis.employees.documents import _stylesheets

    html = render_to_string(
        "pdf/ge_project_study.html",
        {"project": project, "study": study(project), "printed_on": timezone.localdate()},
    )
    return HTML(string=html).write_pdf(stylesheets=_stylesheets())
