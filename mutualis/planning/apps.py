from django.apps import AppConfig
from django.db.models.signals import post_save


def _default_rules_of_a_new_group(sender, instance, created, raw=False, **kwargs):
    """A new GE gets its working-time rule rows with the legal defaults (never on reading a page)."""
    if created and not raw:
        from .services import ensure_default_rules

        ensure_default_rules(instance)


class PlanningConfig(AppConfig):
    name = "mutualis.planning"
    label = "planning"

    def ready(self):
        from mutualis.employer_groups.models import EmployerGroup

        from . import jobs  # noqa: F401  (registers the full-check job kind)

        post_save.connect(
            _default_rules_of_a_new_group, sender=EmployerGroup, dispatch_uid="planning_default_rules"
        )
