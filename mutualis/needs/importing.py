"""Import needs from a CSV or XLSX file (read by mutualis.imports.reading), every bad line reported.

Columns (names compared without accents or case): `siret_adherent`, `site` (name of one of the
member's sites, optional), `emploi`, `code_rome`, `type` (fixe / flexible), `creneaux`
("lundi 08:00-12:00; mercredi 14:00-17:30"), `volume_heures`, `plages` (same syntax as creneaux),
`bloc_min_heures`, `bloc_max_heures`, `semaines` ("27-35"), `date_debut` (JJ/MM/AAAA), `duree_mois`,
`commentaires`.

Modes: "check" saves nothing; "all" saves only when every line is good; "valid" saves the good lines.
Each line goes through the same service as the form (`services.create_need`), in a savepoint, so a line
that overlaps an earlier line of the same member is refused like in the pages.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mutualis.imports.reading import normalise
from mutualis.members.models import Member, Site

from . import services
from .models import NeedKind, NeedStatus
from .timeline import DAY_MINUTES, parse_weeks

COLUMNS = [
    "siret_adherent",
    "site",
    "emploi",
    "code_rome",
    "type",
    "creneaux",
    "volume_heures",
    "plages",
    "bloc_min_heures",
    "bloc_max_heures",
    "semaines",
    "date_debut",
    "duree_mois",
    "commentaires",
]
REQUIRED = ("siret_adherent", "emploi")
DAYS = {
    "lundi": 0,
    "lun": 0,
    "mardi": 1,
    "mar": 1,
    "mercredi": 2,
    "mer": 2,
    "jeudi": 3,
    "jeu": 3,
    "vendredi": 4,
    "ven": 4,
    "samedi": 5,
    "sam": 5,
    "dimanche": 6,
    "dim": 6,
}
KINDS = {"fixe": NeedKind.FIXED, "fixed": NeedKind.FIXED, "flexible": NeedKind.FLEXIBLE}
RANGE = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})[:h](\d{2})\s*[-–à]\s*(\d{1,2})[:h](\d{2})$")
MODES = ("check", "all", "valid")


@dataclass
class ImportReport:
    lines: int = 0
    created: int = 0
    saved: bool = False
    errors: list = field(default_factory=list)  # (line, column, message)

    @property
    def bad_lines(self):
        return sorted({line for line, _column, _message in self.errors})


class LineError(Exception):
    def __init__(self, column, message):
        self.column, self.message = column, message


def parse_ranges(text, column):
    """'lundi 08:00-12:00; mer 14h00-17h30' -> [(480, 720), (3720, 3930)]; 00:00 as an end is midnight."""
    ranges = []
    for part in re.split(r"[;,\n]+", text or ""):
        part = normalise(part)
        if not part:
            continue
        match = RANGE.match(part)
        if not match or match[1] not in DAYS:
            raise LineError(
                column, _("« %(part)s » : écrivez par exemple « lundi 08:00-12:00 ».") % {"part": part}
            )
        day = DAYS[match[1]]
        start = day * DAY_MINUTES + int(match[2]) * 60 + int(match[3])
        end_in_day = int(match[4]) * 60 + int(match[5]) or DAY_MINUTES
        ranges.append((start, day * DAY_MINUTES + end_in_day))
    return ranges


def _hours(value, column):
    if value in ("", None):
        return None
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise LineError(column, _("« %(value)s » n'est pas un nombre d'heures.") % {"value": value}) from None
    return int((number * 60).to_integral_value())


def _weeks(value):
    try:
        return parse_weeks(str(value or ""))
    except ValidationError as exc:
        raise LineError("semaines", " ".join(exc.messages)) from None


def _date(value):
    if value in ("", None):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.datetime.strptime(str(value), "%d/%m/%Y").date()
    except ValueError:
        raise LineError(
            "date_debut", _("« %(value)s » : date attendue au format JJ/MM/AAAA.") % {"value": value}
        ) from None


def _fields(row, members, sites):
    for column in REQUIRED:
        if not str(row.get(column) or "").strip():
            raise LineError(column, _("Colonne obligatoire."))
    siret = re.sub(r"[\s.]", "", str(row["siret_adherent"]))
    member = members.get(siret)
    if member is None:
        raise LineError(
            "siret_adherent", _("Aucun adhérent de ce groupement n'a le SIRET %(siret)s.") % {"siret": siret}
        )
    site = None
    if str(row.get("site") or "").strip():
        site = sites.get((member.pk, normalise(row["site"])))
        if site is None:
            raise LineError(
                "site",
                _("« %(site)s » n'est pas un site de %(member)s.")
                % {"site": row["site"], "member": member.name},
            )
    kind = KINDS.get(normalise(row.get("type") or "fixe"))
    if kind is None:
        raise LineError("type", _("Type « %(value)s » : fixe ou flexible.") % {"value": row.get("type")})
    duration = row.get("duree_mois")
    try:
        duration = int(duration) if duration not in ("", None) else None
    except (TypeError, ValueError):
        raise LineError(
            "duree_mois", _("« %(value)s » n'est pas un nombre de mois.") % {"value": duration}
        ) from None
    flexible = kind == NeedKind.FLEXIBLE
    return {
        "member": member,
        "site": site,
        "job_title": str(row["emploi"]).strip(),
        "rome_code": str(row.get("code_rome") or "").strip().upper(),
        "kind": kind,
        "slots": [] if flexible else parse_ranges(row.get("creneaux"), "creneaux"),
        "windows": parse_ranges(row.get("plages"), "plages") if flexible else [],
        "weekly_minutes": _hours(row.get("volume_heures"), "volume_heures") if flexible else None,
        "min_block_minutes": _hours(row.get("bloc_min_heures"), "bloc_min_heures") if flexible else None,
        "max_block_minutes": _hours(row.get("bloc_max_heures"), "bloc_max_heures") if flexible else None,
        "weeks": _weeks(row.get("semaines")),
        "start_date": _date(row.get("date_debut")),
        "expected_duration_months": duration,
        "comments": str(row.get("commentaires") or ""),
        "status": NeedStatus.OPEN,
    }


SERVICE_COLUMNS = {
    "member": "siret_adherent",
    "site": "site",
    "job_title": "emploi",
    "rome_code": "code_rome",
    "kind": "type",
    "slots": "creneaux",
    "windows": "plages",
    "weekly_minutes": "volume_heures",
    "min_block_minutes": "bloc_min_heures",
    "max_block_minutes": "bloc_max_heures",
    "weeks": "semaines",
    "start_date": "date_debut",
    "expected_duration_months": "duree_mois",
    "comments": "commentaires",
}


def import_needs(*, group, actor, table, mode="check"):
    """Check every line of `table` (a mutualis.imports.reading.Table) and save according to `mode`."""
    if mode not in MODES:
        raise ValueError(mode)
    report = ImportReport(lines=len(table.rows))
    unknown = sorted(set(table.headers) - set(COLUMNS))
    missing = [c for c in REQUIRED if c not in table.headers]
    if unknown or missing:
        for column in missing:
            report.errors.append((1, column, _("Colonne obligatoire absente.")))
        for column in unknown:
            report.errors.append((1, column, _("Colonne inconnue.")))
        return report
    members = {m.siret: m for m in Member.objects.filter(group=group, archived_at__isnull=True)}
    sites = {
        (s.member_id, normalise(s.name)): s
        for s in Site.objects.filter(group=group, archived_at__isnull=True)
    }
    with transaction.atomic():
        for line, row in table.rows:
            try:
                fields = _fields(row, members, sites)
                with transaction.atomic():
                    services.create_need(actor=actor, group=group, **fields)
                report.created += 1
            except LineError as exc:
                report.errors.append((line, exc.column, exc.message))
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        report.errors.append((line, SERVICE_COLUMNS.get(name, name), message))
        keep = mode == "valid" or (mode == "all" and not report.errors)
        if not keep:
            transaction.set_rollback(True)
            report.created = 0
        report.saved = keep and report.created > 0
    return report
