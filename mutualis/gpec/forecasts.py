"""Territorial skills forecasting (GPEC): per territory and job family (ROME letter + 2 digits),
hours needed (census answers of the territory's GE projects, open needs of the GEs sharing `gpec`),
hours available (free hours posted on the job exchange, exchange candidates), the gap, seasonality by
month, next to a public forecast file (planned hires, share judged difficult, share seasonal).
"""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mutualis.core import journal
from mutualis.territories.models import ForecastFile, ForecastRow
from mutualis.territories.selectors import sharing_groups

MONTHS = range(1, 13)
COLUMNS = ("famille_metier", "zone", "projets_recrutement", "part_difficile", "part_saisonniere")
OPTIONAL = ("libelle",)


def family_of(rome_code):
    return (rome_code or "")[:3].upper() or "?"


def _months_of(weeks, year):
    if not weeks:
        return set(MONTHS)
    months = set()
    for week in weeks:
        try:
            months.add(datetime.date.fromisocalendar(year, week, 1).month)
        except ValueError:
            continue
    return months


def table(territory, *, year):
    """Rows by job family: needed, available, gap (weekly hours), monthly needed hours, forecasts."""
    from mutualis.exchange.models import Post, PostKind, PostStatus
    from mutualis.ge_projects.models import ProjectNeed
    from mutualis.needs.models import Need, NeedKind, NeedStatus
    from mutualis.recruitment.models import Candidate, CandidateSource

    rows = {}

    def row(family):
        return rows.setdefault(
            family,
            {
                "family": family,
                "needed": Decimal(0),
                "available": Decimal(0),
                "months": dict.fromkeys(MONTHS, Decimal(0)),
                "planned_hires": 0,
                "difficult_percent": None,
                "seasonal_percent": None,
            },
        )

    def add_need(family, minutes, weeks):
        hours = Decimal(minutes) / 60
        target = row(family)
        target["needed"] += hours
        for month in _months_of(weeks, year):
            target["months"][month] += hours

    for need in ProjectNeed.objects.filter(employer__project__territory=territory):
        add_need(family_of(need.rome_code), need.minutes, need.weeks)
    groups = list(sharing_groups(territory, "gpec"))
    needs = Need.objects.filter(
        group__in=groups, status__in=[NeedStatus.DRAFT, NeedStatus.OPEN]
    ).prefetch_related("slots")
    for need in needs:
        minutes = (
            sum(s.end - s.start for s in need.slots.all())
            if need.kind == NeedKind.FIXED
            else need.weekly_minutes or 0
        )
        add_need(family_of(need.rome_code), minutes, need.weeks)
    for post in Post.objects.filter(
        group__in=groups, kind=PostKind.FREE_HOURS, status=PostStatus.OPEN, territories=territory
    ):
        row(family_of(post.rome_code))["available"] += Decimal(post.weekly_minutes) / 60
    for candidate in Candidate.objects.filter(group__in=groups, source=CandidateSource.EXCHANGE):
        row("?")["available"] += Decimal(candidate.weekly_minutes_max or 0) / 60
    latest = territory.forecast_files.order_by("-year", "-imported_at").first()
    if latest is not None:
        for forecast in latest.rows.all():
            target = row(forecast.job_family[:3].upper())
            target["planned_hires"] += forecast.planned_hires
            target["difficult_percent"] = forecast.difficult_percent
            target["seasonal_percent"] = forecast.seasonal_percent
    result = []
    for family in sorted(rows):
        item = rows[family]
        item["gap"] = item["needed"] - item["available"]
        item["months"] = [item["months"][m].quantize(Decimal("0.01")) for m in MONTHS]
        for key in ("needed", "available", "gap"):
            item[key] = item[key].quantize(Decimal("0.01"))
        result.append(item)
    return {"rows": result, "forecast": latest}


def _percent(value, line, column):
    try:
        number = Decimal((value or "").replace(",", ".").replace("%", "").strip())
    except InvalidOperation as exc:
        raise ValidationError(
            _("Ligne %(line)s, %(column)s : « %(value)s » n'est pas un pourcentage.")
            % {"line": line, "column": column, "value": value}
        ) from exc
    if not Decimal(0) <= number <= Decimal(100):
        raise ValidationError(
            _("Ligne %(line)s, %(column)s : une part est comprise entre 0 et 100 (%(value)s).")
            % {"line": line, "column": column, "value": value}
        )
    return number


@transaction.atomic
def import_forecasts(*, actor, territory, name, year, content):
    """Import a public forecast CSV (`;` or `,` separated, UTF-8) with the columns famille_metier, zone,
    projets_recrutement, part_difficile, part_saisonniere (libelle optional). All or nothing; errors
    name the line and the column."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": _("Le fichier n'est pas en UTF-8.")}) from exc
    sample = content[:2000]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(content), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValidationError({"file": _("Colonnes manquantes : %(cols)s.") % {"cols": ", ".join(missing)}})
    forecast = ForecastFile(
        territory=territory, name=name, year=year, imported_by=actor if getattr(actor, "pk", None) else None
    )
    forecast.full_clean()
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        data = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        try:
            family = data["famille_metier"].upper()
            if not family:
                raise ValidationError(_("Ligne %(line)s, famille_metier : vide.") % {"line": line})
            try:
                hires = int(data["projets_recrutement"])
                if hires < 0:
                    raise ValueError
            except ValueError as exc:
                raise ValidationError(
                    _(
                        "Ligne %(line)s, projets_recrutement : un nombre entier positif est attendu (« %(v)s »)."
                    )
                    % {"line": line, "v": data["projets_recrutement"]}
                ) from exc
            rows.append(
                ForecastRow(
                    job_family=family[:10],
                    job_family_label=data.get("libelle", "")[:200],
                    area=data["zone"][:120],
                    planned_hires=hires,
                    difficult_percent=_percent(data["part_difficile"], line, "part_difficile"),
                    seasonal_percent=_percent(data["part_saisonniere"], line, "part_saisonniere"),
                )
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"file": errors})
    if not rows:
        raise ValidationError({"file": _("Le fichier ne contient aucune ligne.")})
    forecast.save()
    for item in rows:
        item.file = forecast
    ForecastRow.objects.bulk_create(rows)
    journal.record(action="gpec.imported", actor=actor, target=forecast, rows=len(rows))
    return forecast


def export_xlsx(territory, *, year):
    """The GPEC table as an XLSX workbook (bytes)."""
    from openpyxl import Workbook

    data = table(territory, year=year)
    book = Workbook()
    sheet = book.active
    sheet.title = "GPEC"
    month_names = [
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ]
    sheet.append(
        [
            _("Famille de métiers"),
            _("Heures nécessaires / semaine"),
            _("Heures disponibles / semaine"),
            _("Écart"),
            _("Projets de recrutement"),
            _("Part difficile (%)"),
            _("Part saisonnière (%)"),
            *month_names,
        ]
    )
    for item in data["rows"]:
        sheet.append(
            [
                item["family"],
                float(item["needed"]),
                float(item["available"]),
                float(item["gap"]),
                item["planned_hires"],
                float(item["difficult_percent"]) if item["difficult_percent"] is not None else None,
                float(item["seasonal_percent"]) if item["seasonal_percent"] is not None else None,
                *[float(v) for v in item["months"]],
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
