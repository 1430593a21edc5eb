"""Background work of the insertion domain, run daily by the platform's scheduler (docs/insertion.md):
the reminders of post-hire check-ins and 6-month outcomes, and the retention rules."""

from django.utils.translation import gettext_lazy as _

from mutualis.jobs.registry import register

from . import retention, services


@register("insertion.daily", label=_("Parcours : rappels et durées de conservation"))
def daily(job, progress):
    progress(10, _("Rappels des points de suivi"))
    sent = services.send_due_reminders()
    progress(50, _("Durées de conservation"))
    report = retention.run(wet=True)
    return {
        "summary": str(
            _("%(sent)d rappel(s) envoyé(s), %(notices)d avis, %(anonymised)d parcours anonymisé(s).")
            % {"sent": sent, **report}
        ),
        "reminders": sent,
        **report,
    }
