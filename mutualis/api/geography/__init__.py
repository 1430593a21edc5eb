"""API of the geography: communes with their containment (read-only, any signed-in user)."""

from .views import ROUTES

__all__ = ["ROUTES"]
