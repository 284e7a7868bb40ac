#!/usr/bin/env python3
"""Command line of the site generator: the only code that prints or exits.

    python build.py build   [--site DIR] [--out DIR] [--now ISO] [--preview] [--strict]
    python build.py serve   [--site DIR] [--port N] [--host 127.0.0.1] [--now ISO] [--published DIR]
    python build.py check   [--site DIR] [--now ISO] [--file PATH]
    python build.py new     TYPE "Titel" [--site DIR] [--date ISO] [--meeting SLUG]
    python build.py publish --target TARGET [--site DIR] [--now ISO] [--keep N] [--dry-run] [--if-due] [--strict]
    python build.py rollback --target TARGET
    python build.py releases --target TARGET

Exit status: 0 built (warnings printed), 1 content problems (nothing written),
or for check and publish a finding that blocks publishing, 2 wrong usage.
Every finding names its level (sitegen/core/problems.py, the rules in sitegen/checks/gates.py).
Engine modules are imported lazily so --help stays fast.
"""
from __future__ import annotations

import argparse
import datetime as dt
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
    from sitegen import DEFAULT_KEEP

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

    rollback = commands.add_parser("rollback", help="gør udgaven, der var udgivet før den udgivne, til det offentlige "
                                                    "site igen (aldrig en, som en tilbagerulning har trukket tilbage)")
    rollback.add_argument("--target", required=True, help="mappe eller bruger@server:sti, hvor sitet er udgivet")

    releases = commands.add_parser("releases", help="vis historikken: hver udgivelse og tilbagerulning, nyeste først")
    releases.add_argument("--target", required=True, help="mappe eller bruger@server:sti, hvor sitet er udgivet")
    return parser


def print_lines(lines, stream=None) -> None:
    for line in lines:
        print(line, file=stream or sys.stderr)


def command_build(args) -> int:
    from sitegen.engine.commands import run_build

    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return say(run_build(_site_dir(args.site), args.out, parse_now(args.now), preview=args.preview,
                         strict=args.strict, workers=workers, shown_as=_show(args.out), protected=[_site_dir(args.site), ROOT]))


def say(said) -> int:
    """Print what the engine said (stdout, then stderr) and return its exit status."""
    for line in said.out:
        print(line)
    print_lines(said.lines)
    return said.code


def command_check(args) -> int:
    """Every gate, the slow ones (axe in Chromium, the Nu checker) included; every finding in full; writes nothing."""
    from sitegen.engine.commands import run_check

    if args.file is not None:
        return command_check_file(args)
    return say(run_check(_site_dir(args.site), parse_now(args.now), strict=args.strict, project_root=ROOT))


def command_check_file(args) -> int:
    """One file in the context of its site: the fast gates only, for editors and editor integrations."""
    from sitegen.editors.editorcheck import FileCheckError, run_check_file

    try:
        return say(run_check_file(_site_dir(args.site), args.file, parse_now(args.now), strict=args.strict))
    except FileCheckError as error:
        raise UsageError(str(error)) from None


def command_new(args) -> int:
    """Write a new draft with every field of its type; never over an existing file."""
    from sitegen.content.fields import FieldError, parse_iso_date
    from sitegen.editors.scaffold import ScaffoldError, new_item

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
    """Build for now, pass the gates, then put the site live in one rename (sitegen/engine/release.py)."""
    from sitegen.engine.release import run_publish

    if args.keep < 1:
        raise UsageError("--keep skal være mindst 1: den udgivne udgave gemmes altid")
    site_dir = _site_dir(args.site)
    return say(run_publish(site_dir, _publish_target(args.target, site_dir), parse_now(args.now), keep=args.keep,
                           strict=args.strict, dry_run=args.dry_run, if_due=args.if_due))


def command_rollback(args) -> int:
    from sitegen.engine.release import run_rollback

    return say(run_rollback(_publish_target(args.target, None)))


def command_releases(args) -> int:
    from sitegen.engine.release import run_releases

    return say(run_releases(_publish_target(args.target, None)))


def _publish_target(spec: str, site_dir: Path | None):
    from sitegen.engine.release import TargetRefused, open_safe_target

    try:
        return open_safe_target(spec, [ROOT, *([site_dir] if site_dir else [])])
    except TargetRefused as error:
        raise UsageError(str(error)) from None


def command_serve(args) -> int:
    from sitegen.preview.server import PreviewError, serve_preview

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
                "publish": command_publish, "rollback": command_rollback, "releases": command_releases}
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
