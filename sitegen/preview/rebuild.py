"""Rebuild: the preview's builds, on the engine's one path with its memos kept in memory.

Each save runs pipeline.build_site with an in-memory Store (cache.store): a save
re-parses only files whose bytes changed, checks only changed files and pages, and
re-renders only pages whose inputs changed (render.pages.RenderCache). The build's
own file writer (write.apply_changes) then writes only the changed files and
deletes vanished ones, so a deleted content file's page disappears at once. Its
findings are `build`'s, level for level. The search index is made after the reload.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import COPENHAGEN, PROJECT_ROOT
from sitegen.cache.store import Store
from sitegen.checks.gates import GateReport
from sitegen.content.assemble import Site
from sitegen.core.problems import ContentProblems, Problem
from sitegen.engine.changes import Changes, compare_with_folder
from sitegen.engine.pipeline import build_site
from sitegen.output.search import index_search
from sitegen.output.write import MARKER, OutputError, apply_changes, check_output_dir
from sitegen.render.templating import RenderError


@dataclass
class Outcome:
    ok: bool
    problems: list[str] = field(default_factory=list)  # Danish lines when not ok
    findings: list[Problem] = field(default_factory=list)  # every level but fejl, as `build` reports them
    changed: list[str] = field(default_factory=list)  # output paths written
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    site: Site | None = None


class Rebuilder:
    """Builds one site again and again into one preview folder, reusing what did not change."""

    def __init__(self, site_dir: Path, target: Path, now: dt.datetime | None = None):
        self.site_dir = Path(site_dir).resolve()
        self.target = Path(target).resolve()
        for project in {self.site_dir, PROJECT_ROOT}:
            if self.target == (project / "output").resolve():
                raise OutputError(f"{target} er det offentlige output/ og kan ikke bruges til forhåndsvisning")
        check_output_dir(self.target, [self.site_dir, PROJECT_ROOT])
        self.now = now
        self.store = Store.in_memory()  # the build command's memos, kept in memory for as long as it runs
        self.written: dict[str, bytes] = {}

    def _now(self) -> dt.datetime:
        return self.now or dt.datetime.now(COPENHAGEN).replace(microsecond=0)

    def render(self, now: dt.datetime, preview: bool) -> tuple[dict[str, bytes] | None, Outcome]:
        """Everything in memory, with the caches; problems in the outcome."""
        files, outcome, _ = self._render(now, preview)
        return files, outcome

    def _render(self, now: dt.datetime, preview: bool):
        """The build command's pipeline (pipeline.build_site) with this preview's memos kept in memory."""
        try:
            result = build_site(self.site_dir, now, preview, store=self.store)
        except ContentProblems as error:
            return None, Outcome(ok=False, problems=error.lines()), None
        return result.files, Outcome(ok=True, findings=result.findings, site=result.site), result

    def review(self, published: Path) -> tuple[Changes, GateReport]:
        """For the review page: what a normal build now would change in `published`, and
        every finding of that build (the fast gates: language, sources, links, contact details,
        freshness), each at its level."""
        files, outcome, result = self._render(self._now(), preview=False)
        if files is None:
            raise RenderError(outcome.problems)
        return compare_with_folder(files, Path(published)), result.report

    def build(self) -> Outcome:
        """One preview build (drafts included); writes only what changed. Never raises for content."""
        started = time.perf_counter()
        files, outcome = self.render(self._now(), preview=True)
        self.store.after_build()
        if files is not None:
            outcome.changed = sorted(p for p, data in files.items() if self.written.get(p) != data)
            outcome.removed = sorted(p for p in self.written if p not in files)
            self._apply(files, outcome.changed, outcome.removed)
            self.written = files
        outcome.seconds = time.perf_counter() - started
        return outcome

    def index_search(self) -> None:
        """Rebuild the search index of the preview folder (slow-ish: after the reload)."""
        index_search(self.target)

    def _apply(self, files: dict[str, bytes], changed: list[str], removed: list[str]) -> None:
        self.target.mkdir(parents=True, exist_ok=True)
        (self.target / MARKER).write_text("Forhåndsvisning. Mappen bliver skrevet om ved hver ændring.\n", encoding="utf-8")
        apply_changes(self.target, files, changed, removed)  # the build's writer: the server never sends half a file
