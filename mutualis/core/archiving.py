"""Archive and unarchive any registry row (members, sites, employees, contracts): never delete."""

from django.db import transaction
from django.utils import timezone

from . import journal


def apply_fields(obj, fields):
    """Set a form's or serializer's cleaned values on a model instance before validation."""
    for name, value in fields.items():
        setattr(obj, name, value)


@transaction.atomic
def set_archived(*, actor, obj, archived):
    """Archive (or bring back) `obj`, journaled as '<model>.archived' / '<model>.unarchived'; idempotent."""
    if (obj.archived_at is not None) == archived:
        return obj
    obj.archived_at = timezone.now() if archived else None
    obj.save(update_fields=["archived_at", "updated_at"])
    action = "archived" if archived else "unarchived"
    journal.record(action=f"{obj._meta.model_name}.{action}", actor=actor, group=obj.group, target=obj)
    return obj
