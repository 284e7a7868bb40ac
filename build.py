#!/usr/bin/env python3
"""Command line of the site generator: the only code that prints or exits.

    python build.py build   [--site DIR] [--out DIR] [--now ISO] [--preview] [--strict]
    python build.py serve   [--site DIR] [--port N] [--host 127.0.0.1] [--now ISO] [--published DIR]
    python build.py check   [--site DIR] [--now ISO] [--file PATH]
    python build.py new     TYPE "Titel" [--site DIR] [--date ISO] [--meeting SLUG]
    python build.py publish --target TARGET [--site DIR] [--now ISO] [--keep N] [--dry-run] [--if-due] [--strict]
    python build.py rollback --target TARGET

Exit status: 0 built (warnings printed), 1 content problems (nothing written),
or for check and publish a finding that blocks publishing, 2 wrong usage.
Every finding names its level (sitegen/problems.py, the rules in sitegen/gates.py).
Engine modules are imported lazily so --help stays fast.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong use of the command line; the message is Danish."""


class DanishArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors, as the contract says
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fejl i kommandoen: {message}\n")


def parse_now(text: str | None) -> dt.datetime:
    """--now as an aware datetime in Europe/Copenhagen; default: the clock."""
    from sitegen import COPENHAGEN as zone
    if text is None:
        return dt.datetime.now(zone).replace(microsecond=0)
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--now '{text}' er ikke en dato; skriv fx --now 2016-10-01 eller --now 2016-10-01T12:00") from None
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)


def make_parser() -> argparse.ArgumentParser:
    sys.path.insert(0, str(ROOT))
    from sitegen.publish import DEFAULT_KEEP  # standard library only: --help stays fast

    parser = DanishArgumentParser(prog="build.py", description="Bygger sitet om kvalitet i børnesagerne.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO", parser_class=DanishArgumentParser)

    def common(sub):
        sub.add_argument("--site", type=Path, default=ROOT, help="mappen med content/ og data/ (standard: projektet)")
        sub.add_argument("--now", help="tidspunktet sitet bygges for (ISO, Europe/Copenhagen; standard: nu)")

    build = commands.add_parser("build", help="byg sitet til output/")
    common(build)
    build.add_argument("--out", type=Path, default=ROOT / "output", help="output-mappe (standard: output/)")
    build.add_argument("--preview", action="store_true", help="medtag kladder og fremtidige sider, tydeligt mærket")
    build.add_argument("--strict", action="store_true",
                       help="fund, der blokerer udgivelse, og advarsler stopper bygningen")

    check = commands.add_parser("check", help="tjek alt uden at skrive noget")
    common(check)
    check.add_argument("--strict", action="store_true", help="advarsler giver også exit 1")
    check.add_argument("--file", type=Path, help="tjek kun denne fil (hurtigt, uden axe og HTML-tjek)")

    new = commands.add_parser("new", help="opret en ny fil som kladde (draft: true) med alle felter forklaret")
    new.add_argument("type", choices=["meeting", "minutes", "initiative", "update", "page"], metavar="TYPE",
                     help="meeting, minutes, initiative, update eller page")
    new.add_argument("title", metavar="TITEL", help='titlen i anførselstegn, fx "Borgermøde i oktober"')
    new.add_argument("--site", type=Path, default=ROOT, help="mappen med content/ og data/ (standard: projektet)")
    new.add_argument("--date", help="dato (ÅÅÅÅ-MM-DD): mødets eller opdateringens dato, tiltagets frist; standard: i dag")
    new.add_argument("--meeting", help="referatets møde: mødets filnavn uden .md")

    serve = commands.add_parser("serve", help="forhåndsvisning i browseren (med kladder), opdateres ved hver gemning")
    common(serve)
    serve.add_argument("--port", type=int, default=8000, help="port (standard: 8000; 0 vælger en ledig)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="adresse (standard: 127.0.0.1, kun denne maskine; en anden kun, hvis du vil dele)")
    serve.add_argument("--published", type=Path, default=ROOT / "output",
                       help="det offentlige site, som gennemgangen sammenligner med (standard: output/)")

    publish = commands.add_parser("publish", help="byg for nu, tjek alt og udgiv på én gang til --target")
    common(publish)
    publish.add_argument("--target", required=True, help="mappe eller bruger@server:sti, hvor sitet udgives")
    publish.add_argument("--keep", type=int, default=DEFAULT_KEEP, help=f"antal udgaver, der gemmes (standard: {DEFAULT_KEEP})")
    publish.add_argument("--dry-run", action="store_true",
                         help="vis kun de sider, der ville blive tilføjet, ændret eller fjernet; ændr intet")
    publish.add_argument("--if-due", action="store_true",
                         help="udgiv kun, når sitet ændrer sig af sig selv, eller sidste udgivelse er et døgn gammel")
    publish.add_argument("--strict", action="store_true", help="advarsler stopper også udgivelsen")

    rollback = commands.add_parser("rollback", help="gør udgaven før den udgivne til det offentlige site igen")
    rollback.add_argument("--target", required=True, help="mappe eller bruger@server:sti, hvor sitet er udgivet")
    return parser


def print_problems(problems, stream=None) -> None:
    for problem in problems:
        print(problem.format(), file=stream or sys.stderr)  # sys.stderr as it is now, not at import


def print_lines(lines, stream=None) -> None:
    for line in lines:
        print(line, file=stream or sys.stderr)


def command_build(args) -> int:
    from sitegen.buildstamp import manifest_file
    from sitegen.gates import stopping
    from sitegen.problems import ContentProblems, count_levels
    from sitegen.search import SearchIndexError
    from sitegen.write import OutputError, check_output_dir, sync_output

    site_dir = _site_dir(args.site)
    now = parse_now(args.now)
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        check_output_dir(args.out, [site_dir, ROOT])
        sources: dict[str, bytes] = {}  # the content and data files as digested, so each is read once
        key = _build_key(args, site_dir, sources)  # before reading anything else: a save during the build changes it
        stamped = _unchanged_since_last_build(args, site_dir, now, key)
        if stamped is not None:
            return stamped
        from sitegen.buildcache import load_conversions, load_findings, save_conversions, save_findings
        from sitegen.pipeline import build_site
        from sitegen.schedule import next_change

        from sitegen.pagecache import load_page_cache, save_page_cache
        from sitegen.stagecache import load_links_memo, load_load_memo, save_links_memo, save_load_memo

        conversions, findings = load_conversions(site_dir), load_findings(site_dir)
        parsed, scanned, pages = load_load_memo(site_dir), load_links_memo(site_dir), load_page_cache(site_dir)
        # The caches are millions of objects that live until the process ends (read with the
        # collector off: buildcache.read_cache); frozen, later collections do not walk them again
        # (0.5-1 s of a rebuild at 10,000 pages).
        gc.freeze()
        try:
            result = build_site(site_dir, now, preview=args.preview, conversions=conversions, findings=findings,
                                workers=workers, load_memo=parsed, links_memo=scanned, pages=pages, sources=sources)
        finally:
            save_load_memo(site_dir, parsed)  # after content problems too: the next build parses only what changed
            save_links_memo(site_dir, scanned)
        save_conversions(site_dir, conversions)
        save_findings(site_dir, findings)
        save_page_cache(site_dir, pages)  # only after a build that rendered; writes only when pages came or went
    except ContentProblems as error:
        print_lines(error.lines())
        print(f"{len(error.lines())} fejl. Intet er skrevet; {_show(args.out)} er uændret.", file=sys.stderr)
        return EXIT_PROBLEMS
    except OutputError as error:
        print(f"fejl: {error}", file=sys.stderr)
        return EXIT_USAGE
    shown = result.blocking + result.warnings  # advice is counted, not printed: check shows it in full
    print_problems(shown)
    if args.strict and stopping(result.findings, strict=True):
        print(f"{_count(len(shown), 'fund', 'fund')}, der blokerer udgivelse eller er advarsler, og --strict er sat. "
              f"Intet er skrevet; {_show(args.out)} er uændret.", file=sys.stderr)
        return EXIT_PROBLEMS
    moment = next_change(result.site)
    try:
        synced = sync_output(result.files, args.out, manifest_file(site_dir, args.out),
                             moment.isoformat() if moment else "", workers=workers)
    except SearchIndexError as error:
        print(f"fejl: {error} Intet er skrevet; {_show(args.out)} er uændret.", file=sys.stderr)
        return EXIT_PROBLEMS
    pages = result.pages
    counts = count_levels(result.findings)
    _stamp_build(args, site_dir, key, result, moment, pages, shown, counts)
    written = {"unchanged": "intet ændret",
               "in place": f"{synced.written} {'fil' if synced.written == 1 else 'filer'} skrevet eller fjernet"
                           + (", søgeindekset opdateret" if synced.bundles else ""),
               "full": "alle filer skrevet"}[synced.mode]
    print(build_summary(pages, args, now, written, counts, moment), file=sys.stderr)
    return EXIT_OK


def build_summary(pages: int, args, now: dt.datetime, written: str, counts: dict, moment: dt.datetime | None) -> str:
    """A build's one last line: pages, what was written, the count of each level, the next change by itself."""
    from sitegen.problems import ADVICE, describe_counts

    mode = " (forhåndsvisning med kladder)" if args.preview else ""
    hint = " (rådene står i make check og på gennemgangssiden i make serve)" if counts.get(ADVICE) else ""
    return (f"Bygget {pages} sider til {_show(args.out)} for {now:%Y-%m-%d %H:%M}{mode} ({written}). "
            f"{describe_counts(counts)}{hint}. {describe_next_change(moment)}")


def _count(number: int, one: str, more: str) -> str:
    return f"{number} {one if number == 1 else more}"


def _build_key(args, site_dir: Path, sources: dict[str, bytes] | None = None) -> str:
    from sitegen import buildstamp

    return buildstamp.input_key(site_dir, buildstamp.templates_dir(site_dir), args.out,
                                (("preview", args.preview), ("strict", args.strict)), sources)


def _unchanged_since_last_build(args, site_dir: Path, now: dt.datetime, key: str) -> int | None:
    """EXIT_OK after printing what the last build printed, when it is still the right site; else None."""
    from sitegen import buildstamp
    from sitegen.buildstamp import manifest_file

    stamp = buildstamp.load_stamp(buildstamp.stamp_file(site_dir, args.out))
    if stamp is None or not buildstamp.still_valid(stamp, key, now,
                                                   manifest_file(site_dir, args.out), args.out):
        return None
    print_lines(stamp.said)
    moment = dt.datetime.fromisoformat(stamp.next_change) if stamp.next_change else None
    print(build_summary(stamp.pages, args, now, "intet ændret", stamp.counts, moment), file=sys.stderr)
    return EXIT_OK


def _stamp_build(args, site_dir: Path, key: str, result, moment: dt.datetime | None, pages: int,
                 said: list, counts: dict) -> None:
    """Remember this build, so the next one with the same inputs in the same window has nothing to do."""
    from sitegen import buildstamp
    from sitegen.buildstamp import manifest_file

    until = buildstamp.valid_until(result.site, moment)
    buildstamp.save_stamp(buildstamp.stamp_file(site_dir, args.out), buildstamp.Stamp(
        key=key, built_for=result.site.now.isoformat(), valid_until=until.isoformat(),
        manifest=buildstamp.manifest_digest(manifest_file(site_dir, args.out)),
        said=[problem.format() for problem in said], counts=counts, pages=pages,
        next_change=moment.isoformat() if moment else None))


def finish_site(moment: dt.datetime | None):
    """write_output's last step: the search index, and when the site changes by itself (.next-change)."""
    from sitegen.search import index_search
    from sitegen.write import write_next_change

    def finish(folder: Path) -> None:
        index_search(folder)
        write_next_change(folder, moment.isoformat() if moment else "")
    return finish


def describe_next_change(moment: dt.datetime | None) -> str:
    from sitegen import danish

    if moment is None:
        return "Næste ændring af sig selv: ingen (ingen kommende møder, frister eller udgivelsestidspunkter)."
    return f"Næste ændring af sig selv: {danish.datetime(moment)}"


def command_check(args) -> int:
    """Every gate, the slow ones (axe in Chromium, the Nu checker) included; every finding in full; writes nothing."""
    import tempfile

    from sitegen.gates import stopping
    from sitegen.pipeline import build_site
    from sitegen.problems import ContentProblems, count_levels, describe_counts
    from sitegen.write import write_output

    if args.file is not None:
        return command_check_file(args)
    try:
        result = build_site(_site_dir(args.site), parse_now(args.now))
    except ContentProblems as error:
        print_lines(error.lines())
        print(f"{len(error.lines())} fejl. Ret dem, og tjek igen.", file=sys.stderr)
        return EXIT_PROBLEMS
    with tempfile.TemporaryDirectory(prefix="sitegen-check-") as scratch:
        folder = Path(scratch) / "site"
        write_output(result.files, folder)  # a private copy: output/ is never touched
        report = run_gates(result, folder)
    if report is None:
        return EXIT_USAGE
    print_problems(report.findings)
    for url in report.external_links:
        print(f"eksternt link (ikke hentet): {url}", file=sys.stderr)
    print_guide_lix(_site_dir(args.site))
    counts = count_levels(report.findings)
    pages = result.pages
    figures = ", ".join(f"{count} {name}" for name, count in report.figures.items())
    print(f"Tjekket {pages} sider: {figures}. {describe_counts(counts)}.", file=sys.stderr)
    return EXIT_PROBLEMS if stopping(report.findings, args.strict) else EXIT_OK


def run_gates(result, folder: Path):
    """The fast gates' report with the slow gates (axe, the Nu checker) added; `check` and `publish`.

    None (after saying why) when a checking tool is missing or fails.
    """
    from sitegen.gates import GateReport, slow_gates
    from sitegen.htmlcheck import CheckToolFailed, CheckToolMissing

    try:
        slow = slow_gates(folder, result.site.config.base_url)
    except (CheckToolMissing, CheckToolFailed) as error:
        print(f"fejl: {error}", file=sys.stderr)
        return None
    report = GateReport(findings=list(result.report.findings), external_links=list(result.report.external_links),
                        broken_links=list(result.report.broken_links), figures=dict(result.report.figures))
    return report.add(slow).sort()


def command_check_file(args) -> int:
    """One file in the context of its site: the fast gates only, for editors and editor integrations."""
    from sitegen.editorcheck import FileCheckError, check_file
    from sitegen.problems import BLOCKS, ERROR, WARNING, count_levels, describe_counts

    try:
        report = check_file(_site_dir(args.site), args.file, parse_now(args.now))
    except FileCheckError as error:
        raise UsageError(str(error)) from None
    print_problems(report.findings)
    counts = count_levels(report.findings)
    print(f"{report.path}: {describe_counts(counts)}.", file=sys.stderr)
    failed = counts[ERROR] or counts[BLOCKS] or (args.strict and counts[WARNING])
    return EXIT_PROBLEMS if failed else EXIT_OK


def print_guide_lix(site_dir: Path) -> None:
    """The editors' guide must itself be plain Danish: `make check` shows its LIX."""
    from sitegen.editorcheck import guide_lix

    found = guide_lix(site_dir, ROOT)
    if found is not None:
        path, score = found
        shown = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
        print(f"Redaktørvejledningen ({shown}): LIX {score:.0f}", file=sys.stderr)


def command_new(args) -> int:
    """Write a new draft with every field of its type; never over an existing file."""
    from sitegen.fields import FieldError, parse_iso_date
    from sitegen.scaffold import ScaffoldError, new_item

    site_dir = _site_dir(args.site)
    today = parse_now(None).date()
    try:
        day = parse_iso_date(args.date.strip()) if args.date else None
    except FieldError as error:
        raise UsageError(f"--date: {error.message}; {error.fix}") from None
    try:
        rel, text = new_item(site_dir, args.type, args.title, day, today, meeting=args.meeting)
    except ScaffoldError as error:
        print(f"build.py new: {error}", file=sys.stderr)
        return error.exit_code
    path = site_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        print(f"build.py new: {rel} findes allerede. Der er ikke skrevet noget; vælg en anden titel.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(_show_file(path))
    print("Filen er en kladde (draft: true). Se den med make serve; slet draft-linjen, når den skal udgives.",
          file=sys.stderr)
    return EXIT_OK


def _show_file(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def command_publish(args) -> int:
    """Build for now, pass every gate strictly, then put the site live in one rename (sitegen/publish.py)."""
    import tempfile

    from sitegen import publish
    from sitegen.gates import stopping
    from sitegen.pipeline import build_site
    from sitegen.problems import ContentProblems, count_levels, describe_counts
    from sitegen.schedule import next_change
    from sitegen.search import SearchIndexError
    from sitegen.write import write_output

    if args.keep < 1:
        raise UsageError("--keep skal være mindst 1: den udgivne udgave gemmes altid")
    site_dir = _site_dir(args.site)
    target = _publish_target(args.target, site_dir)
    now = parse_now(args.now)
    untouched = f"Intet er udgivet; det offentlige site i {target} er uændret."
    try:
        with publish.target_lock(target):
            inventory = target.inventory()
            if args.if_due and not publish.publish_due(now, inventory.state):
                print(_not_due(inventory.state), file=sys.stderr)
                return EXIT_OK
            try:
                result = build_site(site_dir, now)
            except ContentProblems as error:
                print_lines(error.lines())
                print(f"{len(error.lines())} fejl. {untouched}", file=sys.stderr)
                return EXIT_PROBLEMS
            if args.dry_run:
                return _print_public_changes(result, target)
            early = stopping(result.findings, args.strict)
            if early:  # known before the slow gates: say so now, not after a minute of axe and Java
                print_problems(result.blocking + result.warnings)
                print(f"Udgivelsen er stoppet af {_count(len(early), 'fund', 'fund')} ovenfor. Ret dem, og udgiv igen; "
                      f"axe og HTML-tjekket kører, når de er rettet. {describe_counts(count_levels(result.findings))}. "
                      f"{untouched}", file=sys.stderr)
                return EXIT_PROBLEMS
            moment = next_change(result.site)
            with tempfile.TemporaryDirectory(prefix="sitegen-publish-") as scratch:
                folder = Path(scratch) / "site"
                try:
                    write_output(result.files, folder, finish=finish_site(moment))
                except SearchIndexError as error:
                    print(f"fejl: {error} {untouched}", file=sys.stderr)
                    return EXIT_PROBLEMS
                report = run_gates(result, folder)
                if report is None:
                    print(untouched, file=sys.stderr)
                    return EXIT_USAGE
                counts = count_levels(report.findings)
                print_problems(report.blocking + report.warnings)
                late = stopping(report.findings, args.strict)
                if late:
                    print(f"Udgivelsen er stoppet af {_count(len(late), 'fund', 'fund')} ovenfor. Ret dem, og udgiv igen. "
                          f"{describe_counts(counts)}. {untouched}", file=sys.stderr)
                    return EXIT_PROBLEMS
                name = publish.release_name(publish.content_hash(result.files), dt.datetime.now(dt.timezone.utc),
                                            inventory.releases)
                state = publish.State(published=now, release=name, next_change=moment)
                pruned = publish.deploy(target, folder, name, args.keep, state)
    except publish.PublishError as error:
        print(f"fejl: {error}.", file=sys.stderr)
        return EXIT_PROBLEMS
    pages = result.pages
    if pruned:
        print(f"Gamle udgaver slettet (de {args.keep} nyeste er gemt): {', '.join(pruned)}", file=sys.stderr)
    print(f"Udgivet {pages} sider for {now:%Y-%m-%d %H:%M}: {target}/current viser nu releases/{name}. "
          f"{describe_counts(counts)}. {describe_next_change(moment)}", file=sys.stderr)
    return EXIT_OK


def command_rollback(args) -> int:
    """Make the release before the live one live again; scheduled publishing waits for a manual publish."""
    from sitegen import publish

    target = _publish_target(args.target, None)
    try:
        with publish.target_lock(target):
            before, live = publish.roll_back(target)
    except publish.PublishError as error:
        print(f"fejl: {error}.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Rullet tilbage: {target}/current viser nu releases/{live} i stedet for {before}. Automatisk "
          "udgivelse (bin/publish-if-due) venter, til nogen udgiver med make publish.", file=sys.stderr)
    return EXIT_OK


def _publish_target(spec: str, site_dir: Path | None):
    """--target as a publish target; never the site's own folders."""
    from sitegen.publish import LocalTarget, open_target

    try:
        target = open_target(spec)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if isinstance(target, LocalTarget):
        root = target.root.resolve()
        for path in {ROOT, *([site_dir] if site_dir else [])}:
            if root == path or path.is_relative_to(root) or any(root.is_relative_to(path / d) for d in ("content", "data")):
                raise UsageError(f"--target {spec} må ikke være eller indeholde sitets egne filer; vælg fx /srv/kvalitet")
    return target


def _not_due(state) -> str:
    if state is not None and state.held:
        return ("Udgiver ikke: det offentlige site er rullet tilbage. Udgiv med make publish, "
                "når indholdet er rettet; så udgives der automatisk igen.")
    when = describe_next_change(state.next_change if state else None).removeprefix("Næste ændring af sig selv: ")
    return f"Ingen udgivelse nødvendig: sidst udgivet for {state.published:%Y-%m-%d %H:%M}; næste ændring af sig selv: {when}"


def _print_public_changes(result, target) -> int:
    """The dry run: one line per page the live site would gain, change or lose (on stdout)."""
    from sitegen.rebuild import Changes, compare_with_folder
    from sitegen.render import page_url

    with target.live_folder() as live:
        changes = compare_with_folder(result.files, live) if live else Changes(added=sorted(map(page_url, result.files)))
    for word, paths in (("tilføjet", changes.added), ("ændret", changes.changed), ("fjernet", changes.removed)):
        for path in paths:
            print(f"{word}: {path}")
    print_problems(result.blocking + result.warnings)
    if result.blocking:
        print(f"{len(result.blocking)} fund blokerer udgivelse: de stopper den, til de er rettet.", file=sys.stderr)
    print(f"Prøvekørsel: {len(changes.added)} tilføjet, {len(changes.changed)} ændret, {len(changes.removed)} "
          f"fjernet i forhold til {target}/current. Intet er ændret, og axe og HTML-tjekket er ikke kørt.",
          file=sys.stderr)
    return EXIT_OK


def command_serve(args) -> int:
    from sitegen.preview import PreviewError, serve_preview

    now = parse_now(args.now) if args.now else None  # None: the clock at each build
    try:
        return serve_preview(_site_dir(args.site), now, args.host, args.port,
                             report=lambda line: print(line, file=sys.stderr, flush=True),
                             published=args.published.resolve())
    except PreviewError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return EXIT_USAGE


def _site_dir(path: Path) -> Path:
    if not path.is_dir():
        raise UsageError(f"--site {path} er ikke en mappe")
    return path.resolve()


def _show(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    sys.path.insert(0, str(ROOT))
    commands = {"build": command_build, "check": command_check, "serve": command_serve, "new": command_new,
                "publish": command_publish, "rollback": command_rollback}
    try:
        return commands[args.command](args)
    except UsageError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_OK if args.command == "serve" else EXIT_PROBLEMS
    except Exception as error:  # a bug in the generator, not in the content
        if os.environ.get("SITEGEN_DEBUG"):
            raise
        print(f"build.py: intern fejl i generatoren ({type(error).__name__}: {error}). Intet er skrevet. "
              "Kør igen med SITEGEN_DEBUG=1 og send udskriften til udviklerne.", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
