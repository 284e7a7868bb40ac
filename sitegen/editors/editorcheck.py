"""`build.py check --file`: one file at a time, for editors and editor integrations.

The build's own first stage (engine.pipeline.read_sources: load, validate, CPR
numbers, times) on the whole site, then the build's source gates on this file;
every finding is kept only when it concerns the file. No rendering, no browser,
no Java: fast enough to run on every save from an editor. The file is checked in
the context of its site, because its references (a venue, a meeting, a person)
live in other files.

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

from sitegen.checks.freshness import review_warnings
from sitegen.checks.gates import severity_order, source_gates, stopping
from sitegen.content.assemble import assemble_site
from sitegen.content.nodes import Loaded
from sitegen.content.validate import validate_records
from sitegen.core.problems import ERROR, WARNING, Problem, at_level, count_levels, describe_counts
from sitegen.engine.commands import EXIT_OK, EXIT_PROBLEMS, Said
from sitegen.engine.pipeline import read_sources


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
    source = read_sources(site_dir, now)
    # The file's own errors, and a CPR number in the name of a folder it lies in.
    found = [p for p in source.errors if p.path == rel or rel.startswith(p.path.rstrip("/") + "/")]
    found += at_level(WARNING, [p for p in source.loaded.warnings if p.path == rel])
    mine = [item for item in source.loaded.files if item.path == rel]
    if mine:
        people = source.records.people if source.records is not None else _people(source.loaded)
        found += source_gates(Loaded(files=mine), people).findings
    if source.records is not None:
        found += [p for p in review_warnings(assemble_site(source.records, now, True)) if p.path == rel]
    return FileReport(path=rel, findings=sorted(set(found), key=severity_order))


def _people(loaded: Loaded) -> dict:
    """The people of the site when some other file has mistakes: from the data files alone."""
    records, _ = validate_records(Loaded(data=loaded.data))
    return records.people if records is not None else {}


def run_check_file(site_dir: Path, file: Path, now: dt.datetime, *, strict: bool) -> Said:
    """What `check --file` says: each finding, then the file's counts; exit 1 on fejl (strict: as `check`).

    Raises FileCheckError (wrong usage) when the file is not in a site.
    """
    report = check_file(site_dir, file, now)
    counts = count_levels(report.findings)
    failed = counts[ERROR] or stopping(report.findings, strict)
    return Said(EXIT_PROBLEMS if failed else EXIT_OK,
                [*(p.format() for p in report.findings), f"{report.path}: {describe_counts(counts)}."])
