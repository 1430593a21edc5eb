"""Retention of billing's personal data: the address a reminder went to is kept 10 years with the
reminded invoice (an accounting record), then emptied."""

from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import erase, rule, years_before

from .models import PaymentReminder


@rule(
    "billing.reminder_addresses",
    label=_("Relances de plus de 10 ans : adresse du destinataire effacée"),
    covers=["billing.PaymentReminder.email"],
)
def reminder_addresses(*, wet, today):
    return erase(PaymentReminder.objects.filter(sent_on__lt=years_before(today, 10)), ["email"], wet=wet)
