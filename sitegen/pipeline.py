"""Pipeline: the whole build as one function, a line per stage.

Imports every stage module; nothing here prints or writes files.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .assemble import Site, assemble_site
from .buildstamp import templates_dir
from .freshness import timing_errors
from .gates import FindingsMemo, GateReport, output_gates, personal_data_errors, source_gates
from .load import load_site
from .markup import Conversions
from .problems import BLOCKS, WARNING, ContentProblems, Problem
from .render import RenderCache, RenderError, render_site
from .validate import validate_records


class RenderProblems(ContentProblems):
    """Render found problems the validator could not see (e.g. two files, one address)."""

    def __init__(self, lines: list[str]):
        super().__init__([])
        self._lines = list(lines)

    def lines(self) -> list[str]:
        return self._lines


@dataclass(frozen=True)
class BuildResult:
    site: Site
    files: dict[str, bytes]  # output path -> bytes
    report: GateReport  # the fast gates: every finding with its level, figures, external links

    @property
    def pages(self) -> int:
        """How many HTML pages the site has."""
        return html_pages(self.files)

    @property
    def findings(self) -> list[Problem]:
        return self.report.findings

    @property
    def blocking(self) -> list[Problem]:
        return self.report.of(BLOCKS)

    @property
    def warnings(self) -> list[Problem]:
        return self.report.of(WARNING)


def html_pages(paths) -> int:
    """The number of HTML pages among output paths: what every summary line counts."""
    return sum(1 for name in paths if name.endswith(".html"))


def templates_for(site_dir: Path) -> Path:
    """A site may bring its own templates/; otherwise the project's are used."""
    return templates_dir(site_dir)


def build_site(site_dir: Path, now: dt.datetime, preview: bool = False,
               conversions: Conversions | None = None, findings: FindingsMemo | None = None,
               workers: int = 1, load_memo: dict | None = None, links_memo: dict | None = None,
               pages: RenderCache | None = None, sources: dict[str, bytes] | None = None) -> BuildResult:
    """Load, validate, assemble and render in memory; raise ContentProblems on mistakes.

    `conversions` and `findings` (from buildcache) reuse Markdown converted, and source files
    checked, by earlier builds; with `workers` > 1 what they lack is done first across processes.
    `load_memo` and `links_memo` (from stagecache) reuse files parsed and pages scanned for links;
    `pages` (pagecache.load_page_cache) gives back unchanged items' pages. `sources` are
    the content and data files' bytes as the build command read them for its input digest;
    they are emptied once loaded and scanned.
    """
    loaded = load_site(site_dir, load_memo, sources)
    records, problems = validate_records(loaded)
    # A CPR number stops the build, wherever it stands; load's memo remembers unchanged files' scans.
    problems += personal_data_errors(site_dir, sources, load_memo)
    if records is not None:
        problems += timing_errors(records, now)
    if sources:
        sources.clear()  # read by both: 40 MB at 10,000 pages that rendering does not need
    if problems:
        raise ContentProblems(problems)
    if workers > 1 and (conversions is not None or findings is not None):
        from .buildcache import prefill

        prefill(conversions, findings, loaded, records, workers)
    site = assemble_site(records, now, preview)
    try:
        files = render_site(site, templates_for(site_dir), cache=pages, conversions=conversions, workers=workers)
    except RenderError as error:
        raise RenderProblems(error.problems) from None
    report = source_gates(loaded, records.people, findings).add(output_gates(site, files, links_memo=links_memo)).sort()
    return BuildResult(site=site, files=files, report=report)
