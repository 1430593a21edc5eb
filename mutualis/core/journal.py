from .models import AuditEvent


def record(*, action, actor=None, actor_label="", group=None, target=None, **data):
    """Append one event to the journal. `actor` is a user; commands pass `actor_label`."""
    label = actor_label or (actor.get_username() if actor is not None else "système")
    return AuditEvent.objects.create(
        group=group,
        actor=actor,
        actor_label=label,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(getattr(target, "public_id", getattr(target, "pk", ""))) if target is not None else "",
        data=data,
    )
