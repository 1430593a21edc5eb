"""The journal: who did what to which object, append-only and hash-chained.

Each event stores the hash of its content and of the previous event (`AuditEvent.content_hash`);
`verify_chain()` (command `check_journal`) recomputes the chain and reports where it breaks: an event
changed, removed or inserted by raw SQL. On PostgreSQL, triggers also refuse UPDATE and DELETE
(migration core 0002), and events are chained under a transaction-level advisory lock so that two
concurrent writers never take the same predecessor.
"""

import json

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent

# pg_advisory_xact_lock key of the journal's chain (any constant of our own).
CHAIN_LOCK = 0x4A4F55524E414C  # "JOURNAL"


def record(*, action, actor=None, actor_label="", group=None, target=None, **data):
    """Append one event to the journal. `actor` is a user; commands pass `actor_label`."""
    label = actor_label or (actor.get_username() if actor is not None else "système")
    event = AuditEvent(
        group=group,
        actor=actor,
        actor_label=label,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(getattr(target, "public_id", getattr(target, "pk", ""))) if target is not None else "",
        # As stored: what the database gives back is what the hash must cover.
        data=json.loads(json.dumps(data, default=str)),
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        event.prev_hash = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
        event.created_at = timezone.now()
        event.hash = event.content_hash()
        event.save()
    return event


def verify_chain():
    """Recompute the chain in order; return the breaks as French sentences (empty: intact)."""
    breaks = []
    previous = ""
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != previous:
            breaks.append(
                f"Événement {event.pk} : il ne suit pas l'événement précédent de la chaîne "
                "(un événement a été supprimé ou inséré)."
            )
        if event.content_hash() != event.hash:
            breaks.append(f"Événement {event.pk} : son contenu a été modifié après son enregistrement.")
        previous = event.hash
    return breaks
