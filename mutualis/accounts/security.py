"""What a password change or a reset sets in motion, and the throttle of reset e-mails.

- A new password (changed by the user, set from a reset or an invitation link) **revokes the user's
  API tokens** (a token is a second password: whoever held it must ask again) and **lifts the login
  lockout** of django-axes (the person proved they own the address).
- Reset e-mails are throttled per address and per client address (`RESET_LIMITS`), silently: the page
  says the same thing whether a mail left or not, so it tells nothing about which addresses exist.
"""

from django.core.cache import cache

from .client_ip import client_ip

# (what is counted, how many, over how many seconds)
RESET_LIMITS = (("email", 3, 3600), ("ip", 10, 3600))


def after_password_change(sender, instance, created, **kwargs):
    # `_password` holds the raw password between `set_password()` and the end of `save()`.
    if created or getattr(instance, "_password", None) is None:
        return
    from axes.utils import reset as reset_lockout
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=instance).delete()
    reset_lockout(username=instance.get_username())


def reset_allowed(request, email) -> bool:
    """Count one reset request; False once the address or the client went over its limit."""
    keys = {"email": (email or "").strip().casefold(), "ip": client_ip(request) or "?"}
    allowed = True
    for kind, limit, seconds in RESET_LIMITS:
        key = f"password-reset:{kind}:{keys[kind]}"
        cache.add(key, 0, seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)
            count = 1
        if count > limit:
            allowed = False
    return allowed
