"""Background job handlers of the needs app (registered at import, see apps.py)."""
