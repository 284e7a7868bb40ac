"""Tiny sites written inline from a dict of files, and the command line run on them."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SITE_YAML = """\
title: Testsite
organisation: Testkommune
base_url: https://example.org/kvalitet/
contact: anna
"""
PEOPLE_YAML = """\
anna:
  name: Anna Andersen
  role: Koordinator
  email: anna@example.org
"""
VENUES_YAML = """\
raadhus:
  name: Testrådhus
  address: Testvej 1
  postal_code: "4000"
  city: Testby
  accessibility: Elevator til 1. sal.
"""
MEETING = """\
---
title: Borgermøde i oktober
date: 2016-10-05
start: 17:00
end: "18.30"
venue: raadhus
registration:
  contact: anna
---
Vi taler om kvalitet.
"""


def base_files() -> dict[str, str]:
    """A small valid site: one meeting, its data files."""
    return {
        "data/site.yaml": SITE_YAML,
        "data/people.yaml": PEOPLE_YAML,
        "data/venues.yaml": VENUES_YAML,
        "content/meetings/borgermoede.md": MEETING,
    }


def write_site(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write files (text is dedented; None deletes) under root and return it."""
    for name, data in files.items():
        path = root / name
        if data is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")
    return root


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """build.py with these arguments, as a user would run it."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under folder with its SHA-256, to prove a folder is untouched."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
