"""Gates: what a public authority's site must pass before citizens see it, and how serious each finding is.

Stage 5 (check). Imports: problems, load, records, assemble, render (route
table), and the rule modules: privacy, sourcecheck, language, links,
freshness; the slow gates (axe in Chromium, the Nu checker on the JVM) are
imported only by `slow_gates`. This module is where each rule gets its level
(problems.LEVELS), the same in build, check, `check --file`, the preview and publish:

- fejl: CPR numbers (here) and everything load and validate find (raised as ContentProblems);
- blokerer udgivelse: broken internal links, contact details of people not in
  data/people.yaml, links and images whose address is broken (shown as text), axe
  violations, Nu checker errors;
- advarsel: freshness, and the Markdown's accessibility (link texts, alt text, headings,
  "til højre") and raw HTML (shown as text), files that are not used;
- råd: plain language (LIX, long sentences, passive forms, stiff words).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.checks import freshness, language, links, privacy, sourcecheck
from sitegen.content.assemble import Site
from sitegen.content.files import walk
from sitegen.content.nodes import Loaded
from sitegen.core.problems import ADVICE, BLOCKS, ERROR, LEVELS, WARNING, Problem, at_level
from sitegen.core.records import Person
from sitegen.render.pages import plan_routes


@dataclass
class GateReport:
    findings: list[Problem] = field(default_factory=list)  # every level but fejl, each with its level
    external_links: list[str] = field(default_factory=list)
    broken_links: list[Problem] = field(default_factory=list)  # also in findings
    figures: dict[str, int] = field(default_factory=dict)

    def of(self, level: str) -> list[Problem]:
        return [p for p in self.findings if p.level == level]

    @property
    def blocking(self) -> list[Problem]:
        return self.of(BLOCKS)

    @property
    def warnings(self) -> list[Problem]:
        return self.of(WARNING)

    @property
    def advice(self) -> list[Problem]:
        return self.of(ADVICE)

    def add(self, other: GateReport) -> GateReport:
        known = set(self.findings)
        self.findings += [p for p in other.findings if p not in known]
        self.external_links = sorted(set(self.external_links) | set(other.external_links))
        self.broken_links += other.broken_links
        self.figures.update(other.figures)
        return self

    def sort(self) -> GateReport:
        self.findings.sort(key=severity_order)
        return self


def stopping(findings: list[Problem], strict: bool) -> list[Problem]:
    """What keeps a site from citizens: findings that block publishing, and with --strict the warnings too.

    The one rule for `check` and `publish` (exit 1) and for a strict `build` (nothing written).
    """
    return [p for p in findings if p.level == BLOCKS or (strict and p.level == WARNING)]


def severity_order(problem: Problem) -> tuple:
    """Most serious first, then by file and line."""
    return (LEVELS.index(problem.level), *problem.sort_key())


def personal_data_errors(site_dir: Path, sources: dict[str, bytes] | None = None,
                         memo: dict | None = None) -> list[Problem]:
    """CPR numbers anywhere in content/ and data/: in text, front matter, data or names.

    `sources` (path as str -> bytes) are files the build already read; `memo` (load's
    memo, shared under the tag "cpr") keeps each file's findings by path and SHA-256
    of its bytes, so an unchanged file is not scanned again. Entries for files not
    seen this time are dropped.
    """
    found: list[Problem] = []
    used = set()
    for folder in ("content", "data"):
        root = site_dir / folder
        if not root.is_dir():
            continue
        for rel, path, is_file in _tree(site_dir, folder):
            found += at_level(ERROR, privacy.find_cpr_in_name(rel))
            if not is_file:
                continue
            raw = sources.get(path) if sources else None
            if raw is None:
                try:
                    with open(path, "rb") as handle:
                        raw = handle.read()
                except OSError:
                    continue  # load reports unreadable files
            key = ("cpr", rel, hashlib.sha256(raw).digest()) if memo is not None else None
            if key is not None and key in memo:
                used.add(key)
                found += memo[key]
                continue
            try:  # as Path.read_text would see it: newlines made "\n"
                text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
            except UnicodeDecodeError:
                continue  # load reports files that are not UTF-8
            problems = at_level(ERROR, privacy.find_cpr(rel, text, 1))
            if key is not None:
                memo[key] = problems
                used.add(key)
            found += problems
    if memo is not None:
        for stale in [key for key in memo if key[0] == "cpr" and key not in used]:
            del memo[stale]
    return found


def _tree(site_dir: Path, folder: str) -> list[tuple[str, str, bool]]:
    """(path from site_dir, full path, is a regular file) of everything under `folder` that the one walk
    (content.files) vouches for, hidden files included; what it refuses, load reports."""
    return [(entry.rel, entry.path, entry.is_file) for entry in walk(site_dir, folder).entries]


def source_gates(loaded: Loaded, people: Mapping[str, Person], findings: FindingsMemo | None = None) -> GateReport:
    """Accessibility of the Markdown, contact details that are not ours, plain language; files not used.

    `findings` (the build command's on-disk cache) remembers each file's findings by value.
    """
    report = GateReport(findings=at_level(WARNING, loaded.warnings))
    digest = people_key(people)
    for source in loaded.files:
        key = None
        if findings is not None:
            key = findings_key(source, digest)
            known = findings.known.get(key)
            if known is not None:
                findings.used[key] = known
                report.findings += known
                continue
        found = file_findings(source, people)
        if key is not None:
            findings.used[key] = found
        report.findings += found
    return report.sort()


@dataclass
class FindingsMemo:
    """Findings of source_gates per file, keyed by a digest of everything they depend on."""

    known: dict[bytes, list[Problem]] = field(default_factory=dict)
    used: dict[bytes, list[Problem]] = field(default_factory=dict)


def people_key(people: Mapping[str, Person]) -> str:
    """What a file's findings depend on besides the file: the people (as a digest)."""
    return hashlib.sha256(repr(sorted(people.items())).encode()).hexdigest()


def findings_key(source, people: str) -> bytes:
    """The key of one file's findings in FindingsMemo: a digest of all they depend on.

    A path holds no NUL, so the parts cannot run into each other.
    """
    head = f"{source.path}\0{source.body_line}\0{people}\0".encode()
    return hashlib.sha256(head + source.body.encode("utf-8", "surrogatepass")).digest()


def file_findings(source, people: Mapping[str, Person]) -> list[Problem]:
    """Every finding of one content file's text, each at its level."""
    found = at_level(WARNING, sourcecheck.markdown_findings(source.path, source.body, source.body_line))
    found += at_level(BLOCKS, privacy.contact_findings(source.path, source.body, source.body_line, people))
    found += at_level(BLOCKS, sourcecheck.address_findings(source.path, source.body, source.body_line))
    text = plain_text(source.body)
    if language.analyse(text).word_count < 20:
        return found  # too little text for LIX to mean anything
    return found + at_level(ADVICE, language.language_findings(source.path, text, source.body_line))


def output_gates(site: Site, files: dict[str, bytes], links_memo: dict | None = None) -> GateReport:
    """Links inside the rendered site, and promises with dates not kept.

    `links_memo` (the build command's, from stagecache) spares scanning pages whose bytes were scanned before.
    """
    sources = {route.path: route.source for route in plan_routes(site) if "/" in route.source}
    prefix = urlsplit(site.config.base_url).path or "/"
    broken, external = links.check_links(files, sources, root_prefix=prefix, memo=links_memo)
    broken = at_level(BLOCKS, broken)
    external = [url for url in external if not url.startswith(site.config.base_url)]  # our own canonical URLs
    report = GateReport(findings=broken + at_level(WARNING, freshness.review_warnings(site)),
                        external_links=external, broken_links=broken)
    report.figures = {"døde links": len(broken), "eksterne links": len(external)}
    return report.sort()


def slow_gates(folder: Path, base_url: str) -> GateReport:
    """axe-core in Chromium and the Nu Html Checker over a written site: both block publishing."""
    from concurrent.futures import ThreadPoolExecutor

    from sitegen.checks import (
        browsercheck,
        htmlcheck,  # Playwright and Java only when asked for
    )

    # The two tools side by side: the Nu checker is one Java process the thread only waits for,
    # while axe drives Chromium from here (a publish of the real site: 7.5 s -> about 5 s).
    with ThreadPoolExecutor(1) as pool:
        validated = pool.submit(htmlcheck.validate_html, folder)
        axe = at_level(BLOCKS, browsercheck.run_axe(folder, prefix=urlsplit(base_url).path or "/"))
        html_errors = at_level(BLOCKS, validated.result())
    report = GateReport(findings=html_errors + axe)
    report.figures = {"HTML-fejl": len(html_errors), "tilgængelighedsfejl (axe)": len(axe)}
    return report.sort()


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Marks at the start of a line or after a space, and emphasis/code/table marks; never across a
# line end, so one pass over the whole text does what a pass per line does, twice as fast.
_MARKUP = re.compile(r"(^|[^\S\n])[#>*+-]+[^\S\n]|[*_`|]", re.MULTILINE)
_RULE_CHARACTERS = frozenset("-: ")  # a line of only these is a rule or a table's divider


def _link_text(link: re.Match) -> str:
    """A link's text, and the line ends its address had, so later lines keep their numbers."""
    return link.group(1) + "\n" * (link.group(0).count("\n") - link.group(1).count("\n"))


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, line for line (so findings keep their line numbers)."""
    text = _MARKUP.sub(r"\1", _LINK.sub(_link_text, markdown))
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join("" if set(line) <= _RULE_CHARACTERS else line for line in lines)
