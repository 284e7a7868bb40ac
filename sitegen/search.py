"""Search: build the Pagefind index over a written site folder.

Runs after render, on the staging folder the write stage fills and before it
is swapped in, so output/ never holds a site without its index. Imports
nothing from the project. Pagefind (PyPI `pagefind[bin]`, pinned) ships its
binary in a wheel; we run it as `python -m pagefind` with this interpreter.
It picks the Danish stemmer from `<html lang="da">` (so "møder" finds "møde")
and indexes only elements marked `data-pagefind-body`: the main content of
published pages, never menus, the 404 page, the search page or drafts.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"  # the folder the index goes in, beside index.html


class SearchIndexError(Exception):
    """Pagefind failed; the message is Danish and names what it printed."""


def index_search(site_root: Path) -> None:
    """Write the search index into site_root/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_root), "--output-subdir", BUNDLE, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"søgeindekset kunne ikke bygges: {error}") from None
    if result.returncode != 0 or not (site_root / BUNDLE / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()
        hint = detail[-1] if detail else f"exit {result.returncode}"
        raise SearchIndexError(f"søgeindekset kunne ikke bygges ({hint}). Er pakken pagefind[bin] installeret? Kør make build.")
