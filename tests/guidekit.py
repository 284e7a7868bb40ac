"""The editors' guide, docs/redaktoer.md: its text, its LIX and its example files (each under "**Fil:** `path`")."""
from __future__ import annotations

import re

from sitegen.checks import language
from sitegen.checks.gates import plain_text
from tests.sitekit import ROOT

GUIDE = ROOT / "docs" / "redaktoer.md"
TEXT = GUIDE.read_text(encoding="utf-8")
# An example is a fenced block right after a line "**Fil:** `path`".
_EXAMPLE = re.compile(r"^\*\*Fil:\*\* `([^`]+)`\n+```(\w+)\n(.*?)^```$", re.M | re.S)


def examples() -> dict[str, str]:
    found: dict[str, str] = {}
    for path, _language, body in _EXAMPLE.findall(TEXT):
        assert path not in found, f"two examples for {path}"
        found[path] = body
    return found


def guide_lix() -> float:
    return language.lix(plain_text(TEXT))
