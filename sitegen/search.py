"""Search: build the Pagefind index over the pages of a site, in one bundle or in shards.

Runs after render, before the write stage swaps anything in, so output/ never
holds pages without their index. Imports nothing from the project. Pagefind
(PyPI `pagefind[bin]`, pinned) ships its binary in a wheel; we run it as
`python -m pagefind` with this interpreter. It picks the Danish stemmer from
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
    scratch = Path(tempfile.mkdtemp(prefix=".search-", dir=target_root.parent))
    try:
        jobs = []
        for number, (bundle, paths) in enumerate(sorted(plan.items())):
            site = scratch / f"site-{number}"
            _fill(site, paths, pages)
            if bundle != BUNDLE:
                (site / ANCHOR).write_bytes(ANCHOR_PAGE)
            jobs.append((bundle, site, scratch / f"bundle-{number}"))
        _run_all(jobs, max(1, workers))
        for bundle, _, made in jobs:
            final = target_root / bundle
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                old = scratch / ("old-" + bundle.replace("/", "-"))
                final.rename(old)
            made.rename(final)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _fill(site: Path, paths: list[str], pages: dict) -> None:
    site.mkdir(parents=True)
    for path in paths:
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        page = pages[path]
        if isinstance(page, bytes):
            target.write_bytes(page)
            continue
        try:
            os.link(page, target)
        except OSError:  # another file system, or links not allowed: a copy does the same
            shutil.copyfile(page, target)


def _run_all(jobs: list[tuple[str, Path, Path]], workers: int) -> None:
    waiting = list(jobs)
    running: list[tuple[subprocess.Popen, Path]] = []
    failure = None
    while waiting or running:
        while waiting and len(running) < workers and failure is None:
            _, site, bundle = waiting.pop(0)
            command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--silent"]
            try:
                process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            except OSError as error:
                failure = str(error)
                break
            running.append((process, bundle))
        if not running:
            break
        process, bundle = running.pop(0)
        try:
            printed, _ = process.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            process.kill()
            printed, _ = process.communicate()
            failure = failure or "Pagefind svarede ikke inden for 10 minutter"
            continue
        if process.returncode != 0 or not (bundle / "pagefind.js").is_file():
            detail = printed.decode("utf-8", "replace").strip().splitlines()
            failure = failure or (detail[-1] if detail else f"exit {process.returncode}")
    if failure is not None:
        raise SearchIndexError(f"søgeindekset kunne ikke bygges ({failure}). "
                               "Er pakken pagefind[bin] installeret? Kør make build.")
