#!/usr/bin/env python3
"""Save-to-visible latency of `build.py serve` in Chromium, on a generated 1,000-page site and the real site.

    .venv/bin/python bench/preview_latency.py [--saves 15] [--pages 1000] [--pause 1.0]

For each site: start the preview server in a subprocess, open a page in Debian's
Chromium, then `--saves` times change that page's title in its file and time
from the write until the reloaded page shows the new title in its <h1> and
document.title. Two clocks, both printed:
  in page  - write to DOMContentLoaded of the new page, stamped by the page itself
             (performance.timeOrigin + now(), the same wall clock as the write)
  observed - write to Playwright's wait_for_function returning (adds its own
             re-attach after a navigation, about 60-90 ms)
Prints median, p90 and max per site, and the machine.
Targets (issue 4): median < 500 ms on 1,000 pages, < 300 ms on the real site.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browserkit import find_chromium  # noqa: E402
from tests.corpus import generate_site  # noqa: E402
from tests.previewkit import preview_server  # noqa: E402

NOW = "2016-11-01T12:00"


STAMP = "document.addEventListener('DOMContentLoaded', () => { window.__shownAt = performance.timeOrigin + performance.now(); });"


def measure(site: Path, source: Path, page_path: str, saves: int, pause: float) -> tuple[list[float], list[float]]:
    """Seconds from each title write to the new page (in page, observed)."""
    original = source.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", original, re.MULTILINE).group(1).strip().strip('"')
    in_page, observed = [], []
    with preview_server(site, NOW) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium())
        page = browser.new_page()
        page.add_init_script(STAMP)
        page.goto(server.url + page_path)
        page.wait_for_function("() => window.LiveReload && window.LiveReload.connector._isSocketConnected()")
        time.sleep(3.0)  # the first search index is built about a second after start; let it finish
        for n in range(1, saves + 1):
            new_title = f"Måling {n} af {title}"
            text = re.sub(r"^title: .+$", f"title: {new_title}", original, count=1, flags=re.MULTILINE)
            written, started = time.time(), time.perf_counter()
            source.write_text(text, encoding="utf-8")
            page.wait_for_function(
                "t => document.title.startsWith(t + ' – ') && document.querySelector('h1')?.textContent.trim() === t",
                arg=new_title, timeout=15_000, polling="raf")
            observed.append(time.perf_counter() - started)
            in_page.append(page.evaluate("window.__shownAt") / 1000 - written)
            time.sleep(pause)
        pages = max(int(m.group(1)) for line in server.lines if (m := re.match(r"^Bygget (\d+) sider?", line)))
        browser.close()
    print(f"  {pages} HTML pages; page {page_path}")
    return in_page, observed


def summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    return (f"{name}: median {statistics.median(ms):.0f} ms, p90 {p90:.0f} ms, max {ms[-1]:.0f} ms "
            f"(n={len(ms)}; all: {', '.join(f'{m:.0f}' for m in ms)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=15)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between a visible title and the next save")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}")
    lines = []
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as temporary:
        big = generate_site(Path(temporary) / "generated", pages=args.pages)
        print(f"generated site ({args.pages} pages):")
        in_page, observed = measure(big, big / "content/meetings/moede-007.md", "/moeder/moede-007/",
                                    args.saves, args.pause)
        lines += [summary(f"{args.pages}-page site, in page", in_page),
                  summary(f"{args.pages}-page site, observed", observed)]
        real = Path(temporary) / "real"
        for folder in ("content", "data"):
            shutil.copytree(ROOT / folder, real / folder)
        print("real site (copy of content/ and data/):")
        meeting = sorted((real / "content/meetings").glob("*.md"))[0]
        in_page, observed = measure(real, meeting, f"/moeder/{meeting.stem}/", args.saves, args.pause)
        lines += [summary("real site, in page", in_page), summary("real site, observed", observed)]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
