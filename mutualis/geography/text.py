"""Text helpers for place names (search keys)."""

import re
import unicodedata

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def search_key(text):
    """« Saint-Germain-du-Corbéis » and « st germain du corbeis » give the same key."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = re.split(r"[^a-z0-9]+", text)
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words if w)
