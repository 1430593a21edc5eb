"""Encryption of the PA credentials at rest (Fernet: AES-128-CBC + HMAC-SHA256, from `cryptography`).

The key comes from `MUTUALIS_SECRETS_KEY` when set (a Fernet key, so that it can be rotated apart from
Django's), otherwise it is derived from `SECRET_KEY`. A value encrypted under another key cannot be
read back: the settings page then asks for the secret again.
"""

import base64
import hashlib

from django.conf import settings


class SecretUnreadable(Exception):
    """The stored secret was encrypted under another key."""


def _fernet():
    from cryptography.fernet import Fernet

    key = getattr(settings, "MUTUALIS_SECRETS_KEY", "")
    if not key:
        digest = hashlib.sha256(("mutualis.einvoicing:" + settings.SECRET_KEY).encode()).digest()
        key = base64.urlsafe_b64encode(digest)
    return Fernet(key)


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    from cryptography.fernet import InvalidToken

    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable from exc
