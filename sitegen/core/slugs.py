"""Slugs: file names to URL parts. Shared by validate and markup; no imports."""
from __future__ import annotations

import re

# Exactly the contract: only æ, ø and å are spelled out; everything else is "-".
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_OUTSIDE = re.compile(r"[^a-z0-9-]")


def slugify(name: str) -> str:
    """Lower-case, æ->ae, ø->oe, å->aa, anything outside a-z0-9- becomes '-'."""
    return _OUTSIDE.sub("-", name.lower().translate(_DANISH))
