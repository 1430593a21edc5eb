"""Every database constraint of our apps tells the user, in French, what is wrong.

Django's default (« Constraint “…” is violated. », or its translation naming the constraint) means
nothing to a user: each `CheckConstraint` and `UniqueConstraint` carries its own
`violation_error_message` (docs/architecture.md, « Règles de validation »).
"""

import re

from django.apps import apps
from django.db.models import BaseConstraint
from django.utils import translation

# A French sentence of ours has an accent or one of these little words.
FRENCH = re.compile(
    r"[éèêàâùçôî]|\b(le|la|les|l'|un|une|des|du|de|d'|ce|cet|cette|ces|ou|est|a)\b", re.IGNORECASE
)


def our_constraints():
    for model in apps.get_models():
        if not model.__module__.startswith("mutualis."):
            continue
        for constraint in model._meta.constraints:
            yield model, constraint


def test_our_apps_have_constraints():
    assert len(list(our_constraints())) > 80


def test_every_constraint_has_its_own_french_message():
    default = BaseConstraint.default_violation_error_message
    missing = []
    with translation.override("fr"):
        for model, constraint in our_constraints():
            message = constraint.violation_error_message
            if message is None or str(message) == str(default):
                missing.append(f"{model._meta.label}.{constraint.name}: no message")
            elif not (FRENCH.search(str(message)) and str(message).endswith(".")):
                missing.append(
                    f"{model._meta.label}.{constraint.name}: « {message} » is not a French sentence"
                )
    assert not missing, "\n".join(missing)


def test_the_message_is_what_the_user_reads():
    """The message a constraint gives is its own, not one naming the constraint (and it formats:
    Django applies `% {"name": …}` to it, so a bare « % » sign breaks the page that shows it)."""
    with translation.override("fr"):
        for model, constraint in our_constraints():
            message = constraint.get_violation_error_message()
            assert constraint.name not in message, f"{model._meta.label}.{constraint.name}"
