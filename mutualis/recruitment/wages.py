"""The hourly gross minimum wage (SMIC) an offer's pay is checked against.

The billing app holds the dated SMIC table (`billing.MinimumWage`, edited in the admin); when it has
no row for the day, the legal amounts shipped here apply, so that a fresh install refuses an offer
below the minimum wage too."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# (in force from, gross hourly amount), from the yearly SMIC decrees; the billing table wins when set.
SHIPPED_MINIMUM_WAGES = (
    (dt.date(2024, 11, 1), Decimal("11.88")),  # revaluation of 1 November 2024
    (dt.date(2026, 1, 1), Decimal("12.02")),  # revaluation of 1 January 2026
)


def minimum_hourly_wage_on(day=None):
    from django.utils import timezone

    from mutualis.billing.models import MinimumWage

    day = day or timezone.localdate()
    row = MinimumWage.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is not None:
        return row.hourly_amount
    shipped = [amount for start, amount in SHIPPED_MINIMUM_WAGES if start <= day]
    return shipped[-1] if shipped else SHIPPED_MINIMUM_WAGES[0][1]


def validate_minimum_wage(pay, day=None):
    """The rule for any hourly pay the GE offers or signs: at least the SMIC in force on `day`."""
    floor = minimum_hourly_wage_on(day)
    if pay is not None and pay < floor:
        raise ValidationError(
            _("Le salaire horaire (%(pay)s €) est inférieur au SMIC horaire brut (%(floor)s €).")
            % {"pay": pay, "floor": floor},
            code="below_minimum_wage",
        )
