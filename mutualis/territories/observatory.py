"""The territorial observatory: indicators by territory and quarter over the GEs that opted in
(sharing agreement `observatory`), under statistical secrecy.

Secrecy rules (docs/territories.md):
- primary: a cell is shown only if it covers at least 3 GEs and 5 people (or units: employees,
  members, people hired) and no GE makes more than 85 % of it;
- secondary: in a family of cells that add up to a shown total (members by kind, hours by sector), a
  single hidden cell could be recomputed from the total and the others, so a second cell is hidden:
  the smallest shown one of the family (or the total when the family has no other shown cell);
- a hidden cell answers with the marker « s » and no value, never an error.
A GE that has not opted in counts nowhere: its rows are never read.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from mutualis.employees.models import Contract, ContractKind
from mutualis.members.models import Member, MemberKind
from mutualis.needs.models import Need, NeedKind, NeedStatus, Position

from .selectors import sharing_groups

MIN_GROUPS = 3
MIN_PEOPLE = 5
MAX_SHARE = Decimal("0.85")
HIDDEN = "s"
FULL_TIME_HOURS = Decimal(35)


@dataclass
class Cell:
    key: str
    label: str
    family: str = ""
    is_total: bool = False
    by_group: dict = field(default_factory=dict)  # group id -> value
    people: int = 0
    hidden: bool = False
    reason: str = ""
    # The number of participating GEs is no one's data: only the 3-GE rule applies to it.
    groups_only: bool = False

    @property
    def value(self):
        return sum(self.by_group.values(), Decimal(0))

    @property
    def groups(self):
        return sum(1 for v in self.by_group.values() if v)

    def as_dict(self):
        value = None if self.hidden else _display(self.value)
        return {
            "key": self.key,
            "label": self.label,
            "family": self.family,
            "value": value,
            "hidden": self.hidden,
            "marker": HIDDEN if self.hidden else "",
        }


def _display(value):
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_quarter(text):
    """'2026-T3' (or '2026-Q3') -> (first day, last day); errors name the field."""
    from django.core.exceptions import ValidationError

    try:
        year, quarter = text.upper().replace("Q", "T").split("-T")
        year, quarter = int(year), int(quarter)
        if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
            raise ValueError
    except (ValueError, AttributeError) as exc:
        raise ValidationError({"quarter": _("Trimestre attendu sous la forme 2026-T3.")}) from exc
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = (datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - datetime.timedelta(days=1)
    return start, end


def current_quarter(today):
    return f"{today.year}-T{(today.month - 1) // 3 + 1}"


def primary(cell):
    if cell.groups < MIN_GROUPS:
        return _("moins de %(n)s GE") % {"n": MIN_GROUPS}
    if cell.groups_only:
        return ""
    if cell.people < MIN_PEOPLE:
        return _("moins de %(n)s personnes") % {"n": MIN_PEOPLE}
    total = cell.value
    if total > 0 and max(cell.by_group.values()) / total > MAX_SHARE:
        return _("un GE fait plus de 85 % de la valeur")
    return ""


def apply_secrecy(cells):
    """Primary then secondary suppression, in place; returns the cells."""
    for cell in cells:
        cell.reason = primary(cell)
        cell.hidden = bool(cell.reason)
    families = {}
    for cell in cells:
        if cell.family:
            families.setdefault(cell.family, []).append(cell)
    for members in families.values():
        total = next((c for c in members if c.is_total), None)
        parts = [c for c in members if not c.is_total]
        hidden = [c for c in parts if c.hidden]
        if total is None or total.hidden or len(hidden) != 1:
            continue
        shown = sorted((c for c in parts if not c.hidden), key=lambda c: (c.value, c.key))
        second = shown[0] if shown else total
        second.hidden = True
        second.reason = _("secret secondaire : %(cell)s pourrait être recalculée") % {"cell": hidden[0].label}
    return cells


def _members(groups, start, end):
    return Member.objects.filter(group__in=groups, joined_on__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )


def _contracts(groups, start, end):
    return Contract.objects.filter(group__in=groups, archived_at__isnull=True, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )


def _need_minutes(need):
    if need.kind == NeedKind.FIXED:
        return sum(s.end - s.start for s in need.slots.all())
    return need.weekly_minutes or 0


def cells_for(territory, start, end):
    """Every indicator cell of a territory for a period, before secrecy."""
    groups = list(sharing_groups(territory, "observatory"))
    ids = [g.pk for g in groups]
    cells = []

    ge_cell = Cell(
        "groups",
        _("GE participants"),
        by_group={g: Decimal(1) for g in ids},
        people=len(ids),
        groups_only=True,
    )
    cells.append(ge_cell)

    members = list(_members(ids, start, end).values_list("group_id", "kind"))
    total = Cell("members", _("Adhérents"), family="members", is_total=True)
    for group_id, _kind in members:
        total.by_group[group_id] = total.by_group.get(group_id, Decimal(0)) + 1
    total.people = len(members)
    cells.append(total)
    for kind, label in MemberKind.choices:
        cell = Cell(f"members_{kind}", _("Adhérents : %(kind)s") % {"kind": label}, family="members")
        for group_id, member_kind in members:
            if member_kind == kind:
                cell.by_group[group_id] = cell.by_group.get(group_id, Decimal(0)) + 1
                cell.people += 1
        cells.append(cell)

    contracts = list(
        _contracts(ids, start, end).values_list(
            "group_id", "employee_id", "kind", "weekly_hours", "aid_yearly_amount"
        )
    )
    employees = Cell("employees", _("Salariés"))
    fte = Cell("fte", _("Équivalents temps plein"))
    cdi = Cell("cdi", _("Salariés en CDI"))
    aids = Cell("aids", _("Aides à l'emploi (montant annuel des contrats aidés, €)"))
    seen = set()
    for group_id, employee_id, kind, hours, aid in contracts:
        if (group_id, employee_id) not in seen:
            seen.add((group_id, employee_id))
            employees.by_group[group_id] = employees.by_group.get(group_id, Decimal(0)) + 1
            employees.people += 1
        fte.by_group[group_id] = fte.by_group.get(group_id, Decimal(0)) + Decimal(hours) / FULL_TIME_HOURS
        if kind == ContractKind.CDI:
            cdi.by_group[group_id] = cdi.by_group.get(group_id, Decimal(0)) + 1
            cdi.people += 1
        if aid:
            aids.by_group[group_id] = aids.by_group.get(group_id, Decimal(0)) + Decimal(aid)
            aids.people += 1
    fte.people = employees.people
    cells += [employees, fte, cdi, aids]

    hours_total = Cell(
        "hours", _("Heures hebdomadaires des besoins consolidés"), family="hours", is_total=True
    )
    sectors = {}
    needs = (
        Need.objects.filter(
            group__in=ids, status__in=[NeedStatus.CONSOLIDATED, NeedStatus.FILLED], member__isnull=False
        )
        .select_related("member")
        .prefetch_related("slots")
    )
    for need in needs:
        hours = Decimal(_need_minutes(need)) / 60
        sector = (need.member.naf_code or "")[:2] or "??"
        cell = sectors.setdefault(
            sector,
            Cell(f"hours_{sector}", _("Heures, division NAF %(naf)s") % {"naf": sector}, family="hours"),
        )
        for target in (cell, hours_total):
            target.by_group[need.group_id] = target.by_group.get(need.group_id, Decimal(0)) + hours
            target.people += 1
    cells.append(hours_total)
    cells += [sectors[k] for k in sorted(sectors)]

    positions = Cell("positions", _("Postes créés par consolidation"))
    for group_id in Position.objects.filter(
        group__in=ids, accepted_at__date__gte=start, accepted_at__date__lte=end
    ).values_list("group_id", flat=True):
        positions.by_group[group_id] = positions.by_group.get(group_id, Decimal(0)) + 1
        positions.people += 1
    cells.append(positions)

    hired = Cell("hired_from_insertion", _("Personnes embauchées depuis un parcours d'insertion"))
    from mutualis.insertion.models import FollowUp

    names = {g.name.lower(): g.pk for g in groups}
    for employer in FollowUp.objects.filter(hired_on__gte=start, hired_on__lte=end).values_list(
        "hire_employer", flat=True
    ):
        group_id = names.get((employer or "").lower())
        if group_id is not None:
            hired.by_group[group_id] = hired.by_group.get(group_id, Decimal(0)) + 1
            hired.people += 1
    cells.append(hired)
    return cells


def derived(cells):
    """Ratios shown next to the cells, computed only from shown cells (a ratio of a hidden cell is hidden)."""
    by_key = {c.key: c for c in cells}
    rows = []
    for key, label, top, bottom, percent in (
        ("cdi_share", _("Part des salariés en CDI (%)"), "cdi", "employees", True),
        ("members_per_employee", _("Adhérents par salarié"), "members", "employees", False),
    ):
        a, b = by_key[top], by_key[bottom]
        if a.hidden or b.hidden or not b.value:
            rows.append(
                {"key": key, "label": label, "family": "", "value": None, "hidden": True, "marker": HIDDEN}
            )
            continue
        value = a.value / b.value * (100 if percent else 1)
        rows.append(
            {
                "key": key,
                "label": label,
                "family": "",
                "value": _display(value),
                "hidden": False,
                "marker": "",
            }
        )
    return rows


def indicators(territory, quarter):
    """The observatory table of a territory for a quarter ('2026-T3'): cells as dicts, secrecy applied."""
    start, end = parse_quarter(quarter)
    cells = apply_secrecy(cells_for(territory, start, end))
    return {
        "territory": str(territory.public_id),
        "quarter": quarter,
        "start": start,
        "end": end,
        "cells": [c.as_dict() for c in cells] + derived(cells),
    }
