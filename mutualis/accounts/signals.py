"""Signals other domains listen to, so that accounts never imports them.

`membership_deactivated(membership)`: sent when the direction deactivates an access; the domains that
handed that person a secret (a calendar feed URL…) replace it (`timesheets.apps`).
"""

from django.dispatch import Signal

membership_deactivated = Signal()
