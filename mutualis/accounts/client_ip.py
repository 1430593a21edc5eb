"""The address of the person making a request, also behind a reverse proxy.

`REMOTE_ADDR` is the proxy's address when one is in front: every respondent of a public census would
then share one rate-limit quota. When `MUTUALIS_TRUSTED_PROXIES` (comma-separated addresses, setting
of the same name) lists the proxy, the client is the right-most address of `X-Forwarded-For` that is
not itself a trusted proxy. Without it, `X-Forwarded-For` is ignored: anyone can write that header.
"""

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = set(getattr(settings, "MUTUALIS_TRUSTED_PROXIES", ()))
    if remote is None or remote not in trusted:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    for address in reversed(forwarded):
        if address not in trusted:
            return address
    return remote
