"""Slugs: file names to URL parts. Shared by validate and markup; no imports."""
from __future__ import annotations

import re
import unicodedata

# Exactly the contract: only æ, ø and å are spelled out; everything else is "-".
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_OUTSIDE = re.compile(r"[^a-z0-9-]")


def slugify(name: str) -> str:
    """Lower-case, æ->ae, ø->oe, å->aa, anything outside a-z0-9- becomes '-'.

    Composed first (NFC): macOS writes file names decomposed, so "å" may arrive as "a" and a
    combining ring, which would become "a-" instead of "aa", and two names a reader sees as the
    same would get two addresses. Composed, they get one, and validate reports the collision.
    """
    return _OUTSIDE.sub("-", unicodedata.normalize("NFC", name).lower().translate(_DANISH))
