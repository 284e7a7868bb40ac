"""Gates: what a public authority's site must pass before citizens see it.

Stage 5 (check). Imports: problems, load, records, assemble, render (route
table), and the rule modules: privacy, sourcecheck, language, links,
freshness; the slow gates (axe in Chromium, the Nu checker on the JVM) are
imported only by `slow_gates`. Fast gates run on every build and print
warnings; CPR numbers are errors that stop it. `check` adds the slow gates.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import freshness, language, links, privacy, sourcecheck
from .assemble import Site
from .load import Loaded
from .problems import Problem
from .records import Records
from .render import plan_routes


@dataclass
class GateReport:
    errors: list[Problem] = field(default_factory=list)  # stop the build
    warnings: list[Problem] = field(default_factory=list)  # printed; failures with --strict
    notes: list[Problem] = field(default_factory=list)  # information for editors (LIX 40-50)
    external_links: list[str] = field(default_factory=list)
    broken_links: list[Problem] = field(default_factory=list)  # also in warnings; `check` fails on them
    figures: dict[str, int] = field(default_factory=dict)

    def add(self, other: "GateReport") -> "GateReport":
        self.errors += other.errors
        self.warnings += other.warnings
        self.notes += other.notes
        self.external_links = sorted(set(self.external_links) | set(other.external_links))
        self.broken_links += other.broken_links
        self.figures.update(other.figures)
        return self

    def sort(self) -> "GateReport":
        for kind in (self.errors, self.warnings, self.notes):
            kind.sort(key=Problem.sort_key)
        return self


def personal_data_errors(site_dir: Path) -> list[Problem]:
    """CPR numbers anywhere in content/ and data/: in text, front matter, data or names."""
    found: list[Problem] = []
    for folder in ("content", "data"):
        root = site_dir / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(site_dir).as_posix()
            found += privacy.find_cpr_in_name(rel)
            if path.is_file():
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue  # load reports unreadable files
                found += privacy.find_cpr(rel, text, 1)
    return found


def source_gates(loaded: Loaded, records: Records, findings: "FindingsMemo | None" = None) -> GateReport:
    """Accessibility of the Markdown, contact details that are not ours, plain language.

    `findings` (the build command's on-disk cache) remembers each file's findings by value.
    """
    report = GateReport()
    people = people_key(records)
    for source in loaded.files:
        key = None
        if findings is not None:
            key = findings_key(source, people)
            known = findings.known.get(key)
            if known is not None:
                findings.used[key] = known
                report.warnings += known[0]
                report.notes += known[1]
                continue
        found = file_findings(source, records)
        if key is not None:
            findings.used[key] = found
        report.warnings += found[0]
        report.notes += found[1]
    return report.sort()


@dataclass
class FindingsMemo:
    """Findings of source_gates per file, keyed by a digest of everything they depend on."""

    known: dict[bytes, tuple[list[Problem], list[Problem]]] = field(default_factory=dict)
    used: dict[bytes, tuple[list[Problem], list[Problem]]] = field(default_factory=dict)


def people_key(records: Records) -> str:
    """What of the records a file's findings depend on besides the file: the people."""
    return repr(sorted(records.people.items()))


def findings_key(source, people: str) -> bytes:
    """The key of one file's findings in FindingsMemo: a digest of all they depend on."""
    return hashlib.sha256(repr((source.path, source.body, source.body_line, people)).encode()).digest()


def file_findings(source, records: Records) -> tuple[list[Problem], list[Problem]]:
    """(warnings, notes) of one content file."""
    report = GateReport()
    report.warnings += sourcecheck.markdown_findings(source.path, source.body, source.body_line)
    report.warnings += privacy.contact_findings(source.path, source.body, source.body_line, records.people)
    text = plain_text(source.body)
    if language.analyse(text).word_count < 20:
        return report.warnings, report.notes  # too little text for LIX to mean anything
    for finding in language.language_findings(source.path, text, source.body_line):
        (report.notes if language.is_mention(finding) else report.warnings).append(finding)
    return report.warnings, report.notes


def output_gates(site: Site, files: dict[str, bytes], links_memo: dict | None = None) -> GateReport:
    """Links inside the rendered site, and promises with dates not kept.

    `links_memo` (the build command's, from stagecache) spares scanning pages whose bytes were scanned before.
    """
    sources = {route.path: route.source for route in plan_routes(site) if "/" in route.source}
    prefix = urlsplit(site.config.base_url).path or "/"
    broken, external = links.check_links(files, sources, root_prefix=prefix, memo=links_memo)
    external = [url for url in external if not url.startswith(site.config.base_url)]  # our own canonical URLs
    report = GateReport(warnings=broken + freshness.review_warnings(site), external_links=external, broken_links=broken)
    report.figures = {"døde links": len(broken), "eksterne links": len(external)}
    return report.sort()


def slow_gates(folder: Path, base_url: str) -> GateReport:
    """axe-core in Chromium and the Nu Html Checker over a written site."""
    from . import browsercheck, htmlcheck  # Playwright and Java only when asked for

    html_errors = htmlcheck.validate_html(folder)
    axe = browsercheck.run_axe(folder, prefix=urlsplit(base_url).path or "/")
    report = GateReport(warnings=html_errors + axe)
    report.figures = {"HTML-fejl": len(html_errors), "tilgængelighedsfejl (axe)": len(axe)}
    return report.sort()


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"(^|\s)[#>*+-]+\s|[*_`|]")


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, line for line (so findings keep their line numbers)."""
    text = _LINK.sub(lambda m: m.group(1), markdown)
    lines = [_MARKUP.sub(r"\1", line).strip() for line in text.split("\n")]
    return "\n".join("" if set(line) <= set("-: ") else line for line in lines)
