"""Release: the publish, rollback and releases flows, as data the command line prints.

Top of the stages, beside engine. Imports: engine (Said, all_gates, the next
change), pipeline, gates, problems, publish (targets, releases, the switch),
schedule, search, write, rebuild (the dry run's comparison). Publishing builds
for `now`, stops on a fejl or a finding that blocks publishing (with
`strict` also on warnings: gates.stopping), runs the slow gates only when the
fast ones pass, and puts the checked folder live in one rename. A failure at
any step leaves the live site exactly as it was.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from sitegen.engine.commands import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Said, all_gates, describe_next_change


class TargetRefused(Exception):
    """--target names a place that may not be published to; the message is Danish (wrong usage)."""


def open_safe_target(spec: str, protected: list[Path]):
    """--target as a publish target; never one of the `protected` folders (the site's own, the project)
    nor a folder that holds them or lies in their content/ or data/."""
    from sitegen.output.publish import LocalTarget, open_target

    try:
        target = open_target(spec)
    except ValueError as error:
        raise TargetRefused(str(error)) from None
    if isinstance(target, LocalTarget):
        root = target.root.resolve()
        for path in protected:
            if root == path or path.is_relative_to(root) or any(root.is_relative_to(path / d) for d in ("content", "data")):
                raise TargetRefused(f"--target {spec} må ikke være eller indeholde sitets egne filer; vælg fx /srv/kvalitet")
    return target


def run_publish(site_dir: Path, target, now: dt.datetime, *, keep: int, strict: bool, dry_run: bool,
                if_due: bool) -> Said:
    from sitegen.checks.gates import stopping
    from sitegen.checks.schedule import next_change
    from sitegen.core.problems import ContentProblems, count_levels, describe_counts
    from sitegen.engine.pipeline import build_site
    from sitegen.output import publish
    from sitegen.output.search import SearchIndexError, index_search
    from sitegen.output.write import write_next_change, write_output

    untouched = f"Intet er udgivet; det offentlige site i {target} er uændret."
    try:
        with publish.target_lock(target):
            inventory = target.inventory()
            if if_due and not publish.publish_due(now, inventory.state):
                return Said(EXIT_OK, [not_due(inventory.state)])
            try:
                result = build_site(site_dir, now)
            except ContentProblems as error:
                return Said(EXIT_PROBLEMS, [*error.lines(), f"{len(error.lines())} fejl. {untouched}"])
            if dry_run:
                return public_changes(result, target)
            shown = [p.format() for p in result.blocking + result.warnings]
            early = stopping(result.findings, strict)
            if early:  # known before the slow gates: say so now, not after a minute of axe and Java
                return Said(EXIT_PROBLEMS, [*shown, f"Udgivelsen er stoppet af {len(early)} fund ovenfor. Ret dem, og "
                                                    f"udgiv igen; axe og HTML-tjekket kører, når de er rettet. "
                                                    f"{describe_counts(count_levels(result.findings))}. {untouched}"])
            moment = next_change(result.site)

            def finish(folder: Path) -> None:  # write_output's last step, before the folder is whole
                index_search(folder)
                write_next_change(folder, moment.isoformat() if moment else "")

            with tempfile.TemporaryDirectory(prefix="sitegen-publish-") as scratch:
                folder = Path(scratch) / "site"
                try:
                    write_output(result.files, folder, finish=finish)
                except SearchIndexError as error:
                    return Said(EXIT_PROBLEMS, [f"fejl: {error} {untouched}"])
                report, why = all_gates(result, folder)
                if report is None:
                    return Said(EXIT_USAGE, [why, untouched])
                counts = count_levels(report.findings)
                shown = [p.format() for p in report.blocking + report.warnings]
                late = stopping(report.findings, strict)
                if late:
                    return Said(EXIT_PROBLEMS, [*shown, f"Udgivelsen er stoppet af {len(late)} fund ovenfor. Ret dem, "
                                                        f"og udgiv igen. {describe_counts(counts)}. {untouched}"])
                clock = dt.datetime.now(dt.UTC)
                name = publish.release_name(publish.content_hash(result.files), clock, inventory.releases)
                state = publish.State(published=now, release=name, next_change=moment)
                pruned = publish.deploy(target, folder, name, keep, state, clock)
    except publish.PublishError as error:
        return Said(EXIT_PROBLEMS, [f"fejl: {error}."])
    if pruned:
        shown.append(f"Gamle udgaver slettet (de {keep} nyeste er gemt; udgaver, som en tilbagerulning har trukket "
                     f"tilbage, gemmes ikke): {', '.join(pruned)}")
    shown.append(f"Udgivet {result.pages} sider for {now:%Y-%m-%d %H:%M}: {target}/current viser nu releases/{name}. "
                 f"{describe_counts(counts)}. {describe_next_change(moment)}")
    return Said(EXIT_OK, shown)


def run_rollback(target, clock: dt.datetime | None = None) -> Said:
    """Make the release live before the live one live again, by the target's history; scheduled
    publishing waits for a manual publish. `clock`: the moment the history records (default: now)."""
    from sitegen.output import publish

    try:
        with publish.target_lock(target):
            withdrawn, live = publish.roll_back(target, clock or dt.datetime.now(dt.UTC))
    except publish.PublishError as error:
        return Said(EXIT_PROBLEMS, [f"fejl: {error}."])
    return Said(EXIT_OK, [f"Rullet tilbage: {target}/current viser nu releases/{live} i stedet for {withdrawn}. "
                          f"{withdrawn} er trukket tilbage: en tilbagerulning gør den aldrig offentlig igen, og den "
                          "slettes ved næste udgivelse. "
                          "Automatisk udgivelse (bin/publish-if-due) venter, til nogen udgiver med make publish."])


def run_releases(target) -> Said:
    """The target's history, newest first, on stdout: each publish and rollback, the live release and
    the withdrawn and deleted ones marked; on stderr what is live and where a rollback would go."""
    from sitegen.output import publish

    try:
        inventory = target.inventory()
    except publish.PublishError as error:
        return Said(EXIT_PROBLEMS, [f"fejl: {error}."])
    live, history = inventory.live, inventory.history
    out = history_lines(history or (), live, inventory.releases)
    lines = [f"Offentligt nu: {target}/current viser releases/{live}." if live else f"Intet er udgivet i {target}."]
    if not history:
        if live or inventory.releases:
            lines.append(f"{target} har ingen historik ({publish.HISTORY}): sitet er udgivet, før historikken blev "
                         "indført. Den begynder ved næste make publish; indtil da rulles der ikke tilbage.")
    elif live:
        back = publish.rollback_target(history, live, inventory.releases)
        lines.append(f"make rollback gør releases/{back} offentlig igen." if back else
                     "Der er ingen tidligere udgave at rulle tilbage til.")
    return Said(EXIT_OK, lines, out)


def history_lines(history, live: str | None, releases: tuple[str, ...]) -> list[str]:
    """One line per event, newest first: when (Copenhagen time), what, and in brackets on the newest
    event that made the live release live "offentlig nu", on a publish what has become of its release."""
    from sitegen import COPENHAGEN
    from sitegen.output.publish import PUBLISHED, ROLLED_BACK, withdrawn_releases

    withdrawn = withdrawn_releases(history)
    live_marked = False
    lines = []
    for event in reversed(history):
        marks = []
        if event.release == live and not live_marked:
            marks.append("offentlig nu")
            live_marked = True
        if event.kind == PUBLISHED and event.release in withdrawn:
            marks.append("trukket tilbage")
        if event.kind == PUBLISHED and event.release not in releases:
            marks.append("slettet")
        when = event.at.astimezone(COPENHAGEN).strftime("%Y-%m-%d %H:%M:%S")
        if event.kind == ROLLED_BACK:
            what = f"rullet tilbage til {event.release}; {event.withdrawn} trukket tilbage"
        else:
            built = f" (bygget for {event.built_for.astimezone(COPENHAGEN):%Y-%m-%d %H:%M})" if event.built_for else ""
            what = f"udgivet {event.release}{built}"
        lines.append(f"{when}  {what}" + (f"  [{', '.join(marks)}]" if marks else ""))
    return lines


def not_due(state) -> str:
    if state is not None and state.held:
        return ("Udgiver ikke: det offentlige site er rullet tilbage. Udgiv med make publish, "
                "når indholdet er rettet; så udgives der automatisk igen.")
    when = describe_next_change(state.next_change if state else None).removeprefix("Næste ændring af sig selv: ")
    return f"Ingen udgivelse nødvendig: sidst udgivet for {state.published:%Y-%m-%d %H:%M}; næste ændring af sig selv: {when}"


def public_changes(result, target) -> Said:
    """The dry run: one line per page the live site would gain, change or lose (on stdout)."""
    from sitegen.core.urls import page_url
    from sitegen.engine.changes import Changes, compare_with_folder

    with target.live_folder() as live:
        changes = compare_with_folder(result.files, live) if live else Changes(added=sorted(map(page_url, result.files)))
    out = [f"{word}: {path}" for word, paths in (("tilføjet", changes.added), ("ændret", changes.changed),
                                                  ("fjernet", changes.removed)) for path in paths]
    lines = [p.format() for p in result.blocking + result.warnings]
    if result.blocking:
        lines.append(f"{len(result.blocking)} fund blokerer udgivelse: de stopper den, til de er rettet.")
    lines.append(f"Prøvekørsel: {len(changes.added)} tilføjet, {len(changes.changed)} ændret, {len(changes.removed)} "
                 f"fjernet i forhold til {target}/current. Intet er ændret, og axe og HTML-tjekket er ikke kørt.")
    return Said(EXIT_OK, lines, out)
