"""Engine: what `build` does and says, as data the command line prints.

Top of the stages. Imports: pipeline (the one path: build_site), store, gates,
problems, schedule, buildstamp, write, search, danish. `run_build` builds a site
into an output folder: a check of the build stamp first ("nothing changed" is
decided before the build, never inside it), then pipeline.build_site with the
memos of the store, then the one writer (write.sync_output). It returns a
`Said`: the exit status and the lines to print, the summary last. The policies
live here and in gates: what stops a strict build (gates.stopping), what a
build prints (blocking findings and warnings in full, advice counted), the
summary line.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass
class Said:
    """What a command says: its exit status, its lines for stderr in order, and any for stdout."""

    code: int
    lines: list[str] = field(default_factory=list)
    out: list[str] = field(default_factory=list)


def run_build(site_dir: Path, out_dir: Path, now: dt.datetime, *, preview: bool, strict: bool, workers: int,
              shown_as: str, protected: list[Path]) -> Said:
    """Build site_dir for `now` into out_dir, unless the last build there is still right; never half a site.

    `shown_as` is how the output folder is named to the user; `protected` are folders out_dir
    must not be or hold (the site, the project).
    """
    # Only what the "nothing changed" check needs is imported before it: that path is a tenth of a second.
    from sitegen.cache import buildstamp
    from sitegen.output.write import OutputError, check_output_dir

    try:
        check_output_dir(out_dir, protected)
    except OutputError as error:
        return Said(EXIT_USAGE, [f"fejl: {error}"])
    # Before reading anything else: a save during the build changes the key, and the next build sees it.
    sources = buildstamp.read_sources(site_dir)  # the content and data files, read once: digested, then built
    options = (("preview", preview), ("strict", strict))
    key = buildstamp.input_key(site_dir, buildstamp.templates_dir(site_dir), out_dir, options, sources)
    manifest = buildstamp.manifest_file(site_dir, out_dir)
    stamp = buildstamp.load_stamp(buildstamp.stamp_file(site_dir, out_dir))
    if stamp is not None and buildstamp.still_valid(stamp, key, now, manifest, out_dir):
        moment = dt.datetime.fromisoformat(stamp.next_change) if stamp.next_change else None
        return Said(EXIT_OK, [*stamp.said, summary_line(stamp.pages, shown_as, now, preview, "intet ændret",
                                                        stamp.counts, moment)])
    from sitegen.cache.store import Store
    from sitegen.checks.gates import stopping
    from sitegen.checks.schedule import next_change
    from sitegen.core.problems import ContentProblems, count_levels
    from sitegen.engine.pipeline import build_site
    from sitegen.output.search import SearchIndexError
    from sitegen.output.write import sync_output

    store = Store.on_disk(site_dir)
    try:
        result = build_site(site_dir, now, preview=preview, store=store, workers=workers, sources=sources)
    except ContentProblems as error:
        store.after_load()
        return Said(EXIT_PROBLEMS, [*error.lines(), f"{len(error.lines())} fejl. Intet er skrevet; {shown_as} er uændret."])
    store.after_build()
    shown = result.blocking + result.warnings  # advice is counted, not printed: check shows it in full
    lines = [problem.format() for problem in shown]
    if strict and stopping(result.findings, strict=True):
        return Said(EXIT_PROBLEMS, [*lines, f"{len(shown)} fund, der blokerer udgivelse eller er advarsler, og "
                                            f"--strict er sat. Intet er skrevet; {shown_as} er uændret."])
    moment = next_change(result.site)
    try:
        synced = sync_output(result.files, out_dir, manifest, moment.isoformat() if moment else "", workers=workers)
    except SearchIndexError as error:
        return Said(EXIT_PROBLEMS, [*lines, f"fejl: {error} Intet er skrevet; {shown_as} er uændret."])
    except OSError as error:  # e.g. --out /proc/x, a full disk, a folder without write access
        where = error.filename or out_dir
        return Said(EXIT_USAGE, [*lines, f"fejl: {shown_as} kan ikke skrives ({error.strerror}: {where}). "
                                         f"Intet er skrevet; vælg en anden mappe med --out, eller giv adgang til den."])
    counts = count_levels(result.findings)
    buildstamp.save_stamp(buildstamp.stamp_file(site_dir, out_dir), buildstamp.Stamp(
        key=key, built_for=result.site.now.isoformat(),
        valid_until=buildstamp.valid_until(result.site, moment).isoformat(),
        manifest=buildstamp.manifest_digest(manifest), said=lines, counts=counts, pages=result.pages,
        next_change=moment.isoformat() if moment else None))
    written = {"unchanged": "intet ændret",
               "in place": f"{synced.written} {'fil' if synced.written == 1 else 'filer'} skrevet eller fjernet"
                           + (", søgeindekset opdateret" if synced.bundles else ""),
               "full": "alle filer skrevet"}[synced.mode]
    return Said(EXIT_OK, [*lines, summary_line(result.pages, shown_as, now, preview, written, counts, moment)])


def summary_line(pages: int, shown_as: str, now: dt.datetime, preview: bool, written: str, counts: dict,
                 moment: dt.datetime | None) -> str:
    """A build's one last line: pages, what was written, the count of each level, the next change by itself."""
    from sitegen.core.problems import ADVICE, describe_counts

    mode = " (forhåndsvisning med kladder)" if preview else ""
    hint = " (rådene står i make check og på gennemgangssiden i make serve)" if counts.get(ADVICE) else ""
    return (f"Bygget {pages} sider til {shown_as} for {now:%Y-%m-%d %H:%M}{mode} ({written}). "
            f"{describe_counts(counts)}{hint}. {describe_next_change(moment)}")


def describe_next_change(moment: dt.datetime | None) -> str:
    from sitegen.render import danish

    if moment is None:
        return "Næste ændring af sig selv: ingen (ingen kommende møder, frister eller udgivelsestidspunkter)."
    return f"Næste ændring af sig selv: {danish.datetime(moment)}"


def all_gates(result, folder: Path):
    """The fast gates' report with the slow gates (axe, the Nu checker) over `folder` added.

    Returns (report, None), or (None, why) when a checking tool is missing or fails.
    """
    from sitegen.checks.gates import GateReport, slow_gates
    from sitegen.checks.htmlcheck import CheckToolFailed, CheckToolMissing

    try:
        slow = slow_gates(folder, result.site.config.base_url)
    except (CheckToolMissing, CheckToolFailed) as error:
        return None, f"fejl: {error}"
    report = GateReport(findings=list(result.report.findings), external_links=list(result.report.external_links),
                        broken_links=list(result.report.broken_links), figures=dict(result.report.figures))
    return report.add(slow).sort(), None


def run_check(site_dir: Path, now: dt.datetime, *, strict: bool, project_root: Path) -> Said:
    """Every gate, the slow ones included, on a private copy of the site; every finding in full; writes nothing."""
    import tempfile

    from sitegen.checks.gates import stopping
    from sitegen.core.problems import ContentProblems, count_levels, describe_counts
    from sitegen.engine.pipeline import build_site
    from sitegen.output.write import write_output

    try:
        result = build_site(site_dir, now)
    except ContentProblems as error:
        return Said(EXIT_PROBLEMS, [*error.lines(), f"{len(error.lines())} fejl. Ret dem, og tjek igen."])
    with tempfile.TemporaryDirectory(prefix="sitegen-check-") as scratch:
        folder = Path(scratch) / "site"
        write_output(result.files, folder)  # a private copy: output/ is never touched
        report, why = all_gates(result, folder)
    if report is None:
        return Said(EXIT_USAGE, [why])
    lines = [problem.format() for problem in report.findings]
    lines += [f"eksternt link (ikke hentet): {url}" for url in report.external_links]
    lines += guide_lix_line(site_dir, project_root)
    figures = ", ".join(f"{count} {name}" for name, count in report.figures.items())
    lines.append(f"Tjekket {result.pages} sider: {figures}. {describe_counts(count_levels(report.findings))}.")
    return Said(EXIT_PROBLEMS if stopping(report.findings, strict) else EXIT_OK, lines)


def guide_lix_line(site_dir: Path, project_root: Path) -> list[str]:
    """The editors' guide must itself be plain Danish: `check` shows its LIX."""
    from sitegen.checks.gates import plain_text
    from sitegen.checks.language import lix

    for root in (site_dir, project_root):
        path = root / "docs" / "redaktoer.md"
        if path.is_file():
            break
    else:
        return []
    score = lix(plain_text(path.read_text(encoding="utf-8")))
    shown = path.relative_to(project_root).as_posix() if path.is_relative_to(project_root) else str(path)
    return [f"Redaktørvejledningen ({shown}): LIX {score:.0f}"]
