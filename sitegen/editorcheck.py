"""Checks for editors: one file at a time (`build.py check --file`), and the guide's LIX.

Stage: check. Imports: load, validate, gates, assemble, freshness, language,
privacy, problems. No rendering, no browser, no Java: fast enough to run on
every save from an editor. The file is validated in the context of its site,
because its references (a venue, a meeting, a person) live in other files.

What applies to one file, at the same levels as the build (gates.py): load and
field errors, references, name collisions, CPR numbers, minutes before their
meeting (fejl); contact details of people not in data/people.yaml (blokerer
udgivelse); the Markdown accessibility checks and freshness (overdue, missing
minutes or agenda, as the preview shows them, drafts included) when the whole
site is valid (advarsel); plain language (råd). Links between pages need the
rendered site and are left to `build.py build` and `make check`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import language, privacy
from .assemble import assemble_site
from .freshness import review_warnings, timing_errors
from .gates import plain_text, severity_order, source_gates
from .load import Loaded, load_site
from .problems import ERROR, WARNING, Problem, at_level
from .validate import validate_records

GUIDE = Path("docs") / "redaktoer.md"


class FileCheckError(Exception):
    """The file cannot be checked (not in a site, missing); the message is Danish."""


@dataclass
class FileReport:
    path: str  # relative to the site
    findings: list[Problem] = field(default_factory=list)  # every level, most serious first


def find_site(file: Path, site_dir: Path) -> Path:
    """The site folder holding file: site_dir when the file is in it, else the folder above content/ or data/."""
    file = file.resolve()
    for candidate in [site_dir.resolve(), *file.parents]:
        for folder in ("content", "data"):
            if (candidate / folder).is_dir() and file.is_relative_to(candidate / folder):
                return candidate
    raise FileCheckError(f"{file} ligger ikke i content/ eller data/ i et site. "
                         "Angiv en fil i content/ eller data/, eller sitets mappe med --site")


def check_file(site_dir: Path, file: Path, now: dt.datetime) -> FileReport:
    """Every finding about one file of the site; nothing is written."""
    file = file.resolve()
    if not file.is_file():
        raise FileCheckError(f"filen {file} findes ikke")
    site_dir = find_site(file, site_dir)
    rel = file.relative_to(site_dir).as_posix()
    found: list[Problem] = []
    loaded = load_site(site_dir)
    records, problems = validate_records(loaded)
    if records is not None:
        problems += timing_errors(records, now)
    found += [p for p in problems if p.path == rel]
    text = file.read_text(encoding="utf-8", errors="replace")
    found += at_level(ERROR, privacy.find_cpr(rel, text, 1))
    for depth in range(1, rel.count("/") + 2):  # the file's name and its folders' names
        found += at_level(ERROR, privacy.find_cpr_in_name("/".join(rel.split("/")[:depth])))
    found += at_level(WARNING, [p for p in loaded.warnings if p.path == rel])

    mine = [source for source in loaded.files if source.path == rel]
    if mine:
        people = records.people if records is not None else _people(loaded)
        found += source_gates(Loaded(files=mine), people).findings
    if records is not None:
        found += [p for p in review_warnings(assemble_site(records, now, True)) if p.path == rel]
    return FileReport(path=rel, findings=sorted(set(found), key=severity_order))


def _people(loaded: Loaded) -> dict:
    """The people of the site when some other file has mistakes: from the data files alone."""
    records, _ = validate_records(Loaded(data=loaded.data))
    return records.people if records is not None else {}


def guide_lix(site_dir: Path, project_root: Path) -> tuple[Path, float] | None:
    """(path, LIX) of the editors' guide, in the site or else the project; None when there is none."""
    for root in (site_dir, project_root):
        path = root / GUIDE
        if path.is_file():
            return path, language.lix(plain_text(path.read_text(encoding="utf-8")))
    return None
