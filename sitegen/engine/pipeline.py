"""Pipeline: the whole build as one function, a line per stage.

Imports every stage module; nothing here prints or writes files.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.cache.buildstamp import templates_dir
from sitegen.cache.store import Store
from sitegen.checks.freshness import timing_errors
from sitegen.checks.gates import GateReport, output_gates, personal_data_errors, source_gates
from sitegen.content.assemble import Site, assemble_site
from sitegen.content.load import load_site
from sitegen.content.nodes import Loaded
from sitegen.content.validate import validate_records
from sitegen.core.problems import BLOCKS, WARNING, ContentProblems, Problem
from sitegen.core.records import Records
from sitegen.render.pages import render_site
from sitegen.render.templating import RenderError


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


class _NoStore:
    """A build without a store: every memo None, so each stage works afresh and keeps nothing."""

    conversions = findings = scanned = pages = None


_NO_STORE = _NoStore()


@dataclass(frozen=True)
class SourceResult:
    """The source stage: every file read and validated, and the fejl that stop a build."""

    loaded: Loaded
    records: Records | None  # None when a field error makes the site unusable
    errors: list[Problem]  # load and field errors, CPR numbers, minutes before their meeting


def read_sources(site_dir: Path, now: dt.datetime, store: Store | None = None,
                 sources: Mapping[str, bytes] | None = None) -> SourceResult:
    """Load and validate content/ and data/, scan them for CPR numbers and check times: the first stage
    of every build, and all of `check --file` (editors.editorcheck filters it to one file).

    `sources` are the content and data files' bytes when the caller read them already (the build
    command, for its input digest: buildstamp.read_sources); they are only read here.
    """
    memo = store.parsed if store is not None else None
    loaded = load_site(site_dir, memo, sources)
    records, problems = validate_records(loaded)
    # A CPR number stops the build, wherever it stands; load's memo remembers unchanged files' scans.
    problems += personal_data_errors(site_dir, sources, memo)
    if records is not None:
        problems += timing_errors(records, now)
    return SourceResult(loaded=loaded, records=records, errors=problems)


def build_site(site_dir: Path, now: dt.datetime, preview: bool = False, store: Store | None = None,
               workers: int = 1, sources: Mapping[str, bytes] | None = None) -> BuildResult:
    """Read, validate, assemble, render and check a site in memory; raise ContentProblems on fejl.

    The one path of every command. `store` holds what earlier builds learnt (cache.store: on
    disk for `build`, in memory for the preview); without one, everything is done afresh. With
    `workers` > 1 the Markdown and source checks the store lacks are done first across processes.
    """
    source = read_sources(site_dir, now, store, sources)
    if source.errors:
        raise ContentProblems(source.errors)
    loaded, records = source.loaded, source.records
    if workers > 1 and store is not None:
        from sitegen.cache.buildcache import prefill

        prefill(store.conversions, store.findings, loaded, records, workers)
    memo = store if store is not None else _NO_STORE
    site = assemble_site(records, now, preview)
    try:
        files = render_site(site, templates_for(site_dir), cache=memo.pages, conversions=memo.conversions,
                            workers=workers)
    except RenderError as error:
        raise RenderProblems(error.problems) from None
    report = source_gates(loaded, records.people, memo.findings).add(
        output_gates(site, files, links_memo=memo.scanned)).sort()
    return BuildResult(site=site, files=files, report=report)
