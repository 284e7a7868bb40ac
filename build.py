#!/usr/bin/env python3
"""Command line of the site generator: the only code that prints or exits.

    python build.py build   [--site DIR] [--out DIR] [--now ISO] [--preview] [--strict]
    python build.py serve   [--site DIR] [--port N] [--host 127.0.0.1] [--now ISO] [--published DIR]
    python build.py check   [--site DIR] [--now ISO]

Exit status: 0 built (warnings printed), 1 content problems (nothing written),
2 wrong usage. Engine modules are imported lazily so --help stays fast.
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
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Copenhagen")
    if text is None:
        return dt.datetime.now(zone).replace(microsecond=0)
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--now '{text}' er ikke en dato; skriv fx --now 2016-10-01 eller --now 2016-10-01T12:00") from None
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)


def make_parser() -> argparse.ArgumentParser:
    parser = DanishArgumentParser(prog="build.py", description="Bygger sitet om kvalitet i børnesagerne.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO", parser_class=DanishArgumentParser)

    def common(sub):
        sub.add_argument("--site", type=Path, default=ROOT, help="mappen med content/ og data/ (standard: projektet)")
        sub.add_argument("--now", help="tidspunktet sitet bygges for (ISO, Europe/Copenhagen; standard: nu)")

    build = commands.add_parser("build", help="byg sitet til output/")
    common(build)
    build.add_argument("--out", type=Path, default=ROOT / "output", help="output-mappe (standard: output/)")
    build.add_argument("--preview", action="store_true", help="medtag kladder og fremtidige sider, tydeligt mærket")
    build.add_argument("--strict", action="store_true", help="advarsler tæller som fejl")

    check = commands.add_parser("check", help="tjek alt uden at skrive noget")
    common(check)
    check.add_argument("--strict", action="store_true", help="advarsler tæller som fejl")

    serve = commands.add_parser("serve", help="forhåndsvisning i browseren (med kladder), opdateres ved hver gemning")
    common(serve)
    serve.add_argument("--port", type=int, default=8000, help="port (standard: 8000; 0 vælger en ledig)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="adresse (standard: 127.0.0.1, kun denne maskine; en anden kun, hvis du vil dele)")
    serve.add_argument("--published", type=Path, default=ROOT / "output",
                       help="det offentlige site, som gennemgangen sammenligner med (standard: output/)")
    return parser


def print_problems(problems, stream=sys.stderr) -> None:
    for problem in problems:
        print(problem.format(), file=stream)


def print_lines(lines, stream=sys.stderr) -> None:
    for line in lines:
        print(line, file=stream)


def command_build(args) -> int:
    from sitegen.pipeline import build_site
    from sitegen.problems import ContentProblems
    from sitegen.search import SearchIndexError, index_search
    from sitegen.write import OutputError, check_output_dir, write_output

    site_dir = _site_dir(args.site)
    now = parse_now(args.now)
    try:
        check_output_dir(args.out, [site_dir, ROOT])
        result = build_site(site_dir, now, preview=args.preview)
    except ContentProblems as error:
        print_lines(error.lines())
        print(f"{len(error.lines())} fejl. Intet er skrevet; {_show(args.out)} er uændret.", file=sys.stderr)
        return EXIT_PROBLEMS
    except OutputError as error:
        print(f"fejl: {error}", file=sys.stderr)
        return EXIT_USAGE
    print_problems(result.warnings)
    print_problems(result.report.notes)
    if args.strict and result.warnings:
        print(f"{len(result.warnings)} advarsler, og --strict er sat. Intet er skrevet.", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        write_output(result.files, args.out, finish=index_search)
    except SearchIndexError as error:
        print(f"fejl: {error} Intet er skrevet; {_show(args.out)} er uændret.", file=sys.stderr)
        return EXIT_PROBLEMS
    pages = sum(1 for name in result.files if name.endswith(".html"))
    mode = " (forhåndsvisning med kladder)" if args.preview else ""
    print(f"Bygget {pages} sider til {_show(args.out)} for {now:%Y-%m-%d %H:%M}{mode}.", file=sys.stderr)
    return EXIT_OK


def command_check(args) -> int:
    """Every gate, the slow ones (axe in Chromium, the Nu checker) included; writes nothing."""
    import tempfile

    from sitegen.gates import slow_gates
    from sitegen.htmlcheck import CheckToolFailed, CheckToolMissing
    from sitegen.pipeline import build_site
    from sitegen.problems import ContentProblems
    from sitegen.write import write_output

    try:
        result = build_site(_site_dir(args.site), parse_now(args.now))
    except ContentProblems as error:
        print_lines(error.lines())
        print(f"{len(error.lines())} fejl.", file=sys.stderr)
        return EXIT_PROBLEMS
    with tempfile.TemporaryDirectory(prefix="sitegen-check-") as scratch:
        folder = Path(scratch) / "site"
        write_output(result.files, folder)  # a private copy: output/ is never touched
        try:
            slow = slow_gates(folder, result.site.config.base_url)
        except (CheckToolMissing, CheckToolFailed) as error:
            print(f"fejl: {error}", file=sys.stderr)
            return EXIT_USAGE
    report = result.report.add(slow).sort()
    print_problems(result.warnings)
    print_problems(slow.warnings)
    print_problems(report.notes)
    for url in report.external_links:
        print(f"eksternt link (ikke hentet): {url}", file=sys.stderr)
    failures = slow.warnings + result.report.broken_links  # a public authority's site has no broken pages
    pages = sum(1 for name in result.files if name.endswith(".html"))
    figures = ", ".join(f"{count} {name}" for name, count in report.figures.items())
    print(f"Tjekket {pages} sider: {figures}; {len(result.warnings)} advarsler i alt.", file=sys.stderr)
    if failures or (args.strict and result.warnings):
        return EXIT_PROBLEMS
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
    commands = {"build": command_build, "check": command_check, "serve": command_serve}
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
