"""API of funding calls and applications (issue 16, item 6): routes registered in mutualis/api/urls.py."""

from .views import ROUTES

__all__ = ["ROUTES"]
