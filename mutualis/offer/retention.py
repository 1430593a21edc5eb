"""Retention of the local offer's contacts: they are the professional contacts a structure publishes;
they go with their service or structure (deleted in cascade when the source withdraws it), so no rule
runs by date. The orientation's message and refusal comment are erased with the person's follow-up
(insertion's rule, through `register_erasure` in apps.py)."""

from django.utils.translation import gettext_lazy as _

from mutualis.core.retention import rule


@rule(
    "offer.published_contacts",
    label=_("Offre locale : contacts publiés, supprimés avec leur service (rien à faire par date)"),
    covers=[
        "offer.Structure.telephone",
        "offer.Structure.courriel",
        "offer.Service.telephone",
        "offer.Service.courriel",
        "offer.Service.contact_nom_prenom",
        "offer.Orientation.recipient_email",
        "offer.Orientation.sender_label",
        "offer.Orientation.answered_by",
    ],
)
def published_contacts(*, wet, today):
    return 0
