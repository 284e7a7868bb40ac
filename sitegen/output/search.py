"""Search: build the Pagefind index over the pages of a site, in one bundle or in shards.

Runs after render, before the write stage swaps anything in, so output/ never
holds pages without their index. Imports nothing from the project. Pagefind
(PyPI `pagefind[bin]`, pinned) ships its binary in a wheel; we run that binary,
found as `python -m pagefind` finds it (or, failing that, `python -m pagefind`
with this interpreter). It picks the Danish stemmer from
`<html lang="da">` (so "møder" finds "møde") and indexes only elements marked
`data-pagefind-body`: the main content of published pages, never menus, the
404 page, the search page or drafts.

Pagefind cannot update an index, and it holds the whole site in memory (about
1 GiB at 10,000 pages). So a site of more than SHARD_PAGES HTML pages is split
by a stable digest of each page's path into a power-of-two number of shards,
each its own bundle in pagefind/<n>/, which the search page merges in the
browser (Pagefind's `mergeIndex`). A changed page then costs one shard's run,
and memory is bounded by the shard size. Smaller sites, the real one among
them, keep one bundle in pagefind/ and one request per search, as before.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BUNDLE = "pagefind"  # the folder the index goes in, beside index.html
SHARD_PAGES = 2000  # more HTML pages than this, and the index is split in shards


# Every shard gets this page: Pagefind indexes only `data-pagefind-body` if some page of a run
# has it, and fails on a run without a word. Its one word is a token nobody searches for.
ANCHOR = "_sitegen-anker.html"
ANCHOR_PAGE = b'<!doctype html><html lang="da"><title>-</title><main data-pagefind-body>zqxjv0</main></html>\n'


class SearchIndexError(Exception):
    """Pagefind failed; the message is Danish and names what it printed."""


def shard_count(pages: int) -> int:
    """The number of shards for a site of `pages` HTML pages: 1, or a power of two.

    Powers of two keep the count (and so every page's shard) unchanged while a
    site grows, until it doubles.
    """
    count = 1
    while pages > count * SHARD_PAGES:
        count *= 2
    return count


def bundle_dirs(html_paths) -> list[str]:
    """The site paths of the bundles (folders ending in "/") for a site with these HTML pages."""
    count = shard_count(len(set(html_paths)))
    return [f"{BUNDLE}/"] if count == 1 else [f"{BUNDLE}/{n}/" for n in range(count)]


def plan_bundles(html_paths) -> dict[str, list[str]]:
    """Bundle folder (without the slash) -> the HTML pages indexed into it, sorted."""
    paths = sorted(set(html_paths))
    count = shard_count(len(paths))
    if count == 1:
        return {BUNDLE: paths}
    plan: dict[str, list[str]] = {f"{BUNDLE}/{n}": [] for n in range(count)}
    for path in paths:
        shard = int.from_bytes(hashlib.sha256(path.encode()).digest()[:4], "big") % count
        plan[f"{BUNDLE}/{shard}"].append(path)
    return plan


def is_index_path(path: str) -> bool:
    return path == BUNDLE or path.startswith(BUNDLE + "/")


def tool_version() -> str:
    """What decides a bundle besides its pages: Pagefind's version and this module's code."""
    try:
        from importlib.metadata import version

        pagefind = version("pagefind")
    except Exception:  # noqa: BLE001 - a missing distribution shows up when Pagefind runs
        pagefind = "?"
    return hashlib.sha256(pagefind.encode() + b"\0" + Path(__file__).read_bytes()).hexdigest()


def index_search(site_root: Path, workers: int = 1) -> None:
    """Write the search index of a written site folder into site_root/pagefind/ (one bundle or shards)."""
    site_root = Path(site_root)
    pages = [p.relative_to(site_root).as_posix() for p in site_root.rglob("*.html")]
    pages = [p for p in pages if not is_index_path(p)]
    fresh = Path(tempfile.mkdtemp(prefix=".index-", dir=site_root.parent))
    try:
        build_bundles(plan_bundles(pages), {path: site_root / path for path in pages}, fresh, workers)
        old = fresh / "old"
        if (site_root / BUNDLE).exists():
            (site_root / BUNDLE).rename(old)  # an index of another shape (one bundle or shards) goes whole
        (fresh / BUNDLE).rename(site_root / BUNDLE)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def build_bundles(plan: dict[str, list[str]], pages: dict, target_root: Path, workers: int = 1) -> None:
    """Run Pagefind once per bundle of `plan`, writing each into target_root/<bundle>/.

    `pages` maps each page's path to its bytes or to a file holding them (hard-linked
    into a private folder per bundle). Up to `workers` runs at once.
    A bundle already in target_root is replaced only by a complete new one.
    """
    target_root = Path(target_root)
    # Beside the target, so renames work. Not in RAM (/dev/shm), though folders are far cheaper there:
    # Pagefind's output follows the order the file system lists a folder in, and only the same
    # file system lists the pages of an update as it listed those of the full build.
    scratch = os.path.abspath(tempfile.mkdtemp(prefix=".search-", dir=target_root.parent))
    try:
        jobs = _fill_all(plan, pages, scratch)
        _run_all(jobs, max(1, workers))
        for bundle, _, made in jobs:
            final = target_root / bundle
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                old = os.path.join(scratch, "old-" + bundle.replace("/", "-"))
                final.rename(old)
            os.rename(made, final)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _fill_all(plan: dict[str, list[str]], pages: dict, scratch: str) -> list[tuple[str, str, str]]:
    """Each bundle's pages in a folder of scratch: (bundle, that folder, the folder Pagefind writes it to)."""
    jobs = []
    for number, (bundle, paths) in enumerate(sorted(plan.items())):
        site = os.path.join(scratch, f"site-{number}")
        _fill(site, paths, pages)
        if bundle != BUNDLE:
            with open(os.path.join(site, ANCHOR), "wb") as stream:
                stream.write(ANCHOR_PAGE)
        jobs.append((bundle, site, os.path.join(scratch, f"bundle-{number}")))
    return jobs


def _fill(site: str, paths: list[str], pages: dict) -> None:
    # Plain strings and one mkdir per new folder: this runs for every page of a bundle.
    os.mkdir(site)
    made, link = {site}, True
    for path in paths:
        target = os.path.join(site, path)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        page = pages[path]
        if not isinstance(page, bytes):
            if link:
                try:
                    os.link(page, target)
                    continue
                except OSError:  # another file system, or links not allowed: copies do the same
                    link = False
            with open(page, "rb") as source:
                page = source.read()
        with open(target, "wb") as stream:
            stream.write(page)


# Pagefind (1.x, pinned) prints this once it has read every page; from then on it works from
# memory, so the pages' private folder can go while it builds and writes the index.
PAGES_READ = b"[Building search indexes]"
TIMEOUT = 600  # seconds for one run; the message below says 10 minutes


def pagefind_executable() -> str | None:
    """Pagefind's binary, found as `python -m pagefind` finds it (PAGEFIND_BINARY_PATH, the
    pagefind_bin wheel, PATH), or None. Running it directly spares a Python start per run."""
    try:
        from pagefind.service import get_executable

        found = get_executable()
        return str(found.resolve()) if found is not None and found.is_file() else None
    except Exception:  # noqa: BLE001 - `python -m pagefind` is tried instead, and says what is wrong
        return None


def _start(executable: str | None, site: str, bundle: str) -> subprocess.Popen:
    arguments = ["--site", site, "--output-path", bundle]  # not --silent: PAGES_READ is wanted
    # Pagefind also reads pagefind.json/.yml/.toml in its working folder and PAGEFIND_* settings
    # from the environment; neither is an input of the build, so it runs in the private folder
    # (absolute paths) without them. PAGEFIND_BINARY_PATH only says where the binary is.
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "cwd": os.path.dirname(site),
               "env": {name: value for name, value in os.environ.items()
                       if not name.startswith("PAGEFIND_") or name == "PAGEFIND_BINARY_PATH"}}
    if executable is not None:
        try:
            return subprocess.Popen([executable, *arguments], **options)
        except OSError:  # e.g. not executable here: Pagefind's own launcher may still run it, or say why not
            pass
    return subprocess.Popen([sys.executable, "-m", "pagefind", *arguments], **options)


def _run_one(executable: str | None, site: str, bundle: str) -> str | None:
    """Run Pagefind over site into bundle, removing site once read: None if it made the bundle, else why not."""
    try:
        process = _start(executable, site, bundle)
    except OSError as error:
        return str(error)
    hung = threading.Event()
    timer = threading.Timer(TIMEOUT, lambda: (hung.set(), process.kill()))
    timer.start()
    printed = []
    try:
        for line in process.stdout:
            printed.append(line.decode("utf-8", "replace").strip())
            if line.startswith(PAGES_READ):
                shutil.rmtree(site, ignore_errors=True)
        process.wait()
    finally:
        timer.cancel()
    if hung.is_set():
        return "Pagefind svarede ikke inden for 10 minutter"
    if process.returncode != 0 or not os.path.isfile(os.path.join(bundle, "pagefind.js")):
        said = [line for line in printed if line]
        errors = [line for line in said if line.lower().startswith("error")]
        return (errors or said or [f"exit {process.returncode}"])[-1]
    return None


def _run_all(jobs: list[tuple[str, str, str]], workers: int) -> None:
    """Run Pagefind for each (bundle, site, output) job, up to `workers` at once; after a failure none starts."""
    executable = pagefind_executable()
    failures: list[str] = []

    def run(job: tuple[str, str, str]) -> None:
        if not failures:
            failure = _run_one(executable, job[1], job[2])
            if failure is not None:
                failures.append(failure)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, jobs))
    if failures:
        raise SearchIndexError(f"søgeindekset kunne ikke bygges ({failures[0]}). "
                               "Er pakken pagefind[bin] installeret? Kør make build.")
