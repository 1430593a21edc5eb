from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfferConfig(AppConfig):
    name = "mutualis.offer"
    label = "offer"
    verbose_name = _("Offre locale d'insertion")

    def ready(self):
        # The person's own export (mutualis/insertion/export.py) includes her orientations.
        from mutualis.insertion import export, retention

        from .models import Orientation

        retention.register_erasure(Orientation, "beneficiary", ["message", "refusal_comment"])

        if not any(spec.model is Orientation for spec in export.SPECS):
            export.register(
                export.Spec(
                    "orientations",
                    "Orientations vers l'offre locale",
                    Orientation,
                    "beneficiary",
                    (
                        "public_id",
                        "service",
                        "consent",
                        "sender_label",
                        "sender_organisation",
                        "sender_group",
                        "message",
                        "recipient_email",
                        "status",
                        "refusal_reason",
                        "refusal_comment",
                        "answered_by",
                        "sent_at",
                        "reminded_at",
                        "answered_at",
                        "expired_at",
                    ),
                    {"beneficiary": export.LINK, "sender": "compte du professionnel (son nom est exporté)"},
                )
            )
