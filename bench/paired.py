#!/usr/bin/env python3
"""Paired benchmark: this checkout against an earlier commit, alternating, on one corpus (not a test).

    .venv/bin/python bench/paired.py --before REV [--pages 1000] [--runs 7]   (or: make bench-before REV=...)

A ratio to a floor measured in another minute cannot separate a 5 % change from the
machine's drift (BENCHMARKS.md). Here both codes build the same generated site
(tests/corpus.py, linked=True) in one process run, alternating: run 1 is before then
after, run 2 after then before, and so on, so drift falls on both alike. Each code
gets its own copy of the site with its own templates/ and its own build cache. Each
run does, for each code, the steps of bench/build_bench.py (cold, nothing changed,
one page, one data file, one template changed). Printed per step: the median wall
seconds of each code and the median of the paired ratios after/before, with the
lowest and highest ratio.

The earlier commit is checked out with `git worktree` into a temporary folder and
run with this checkout's Python and packages.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.build_bench import NOW, STEPS, change_for, machine_line, run  # noqa: E402
from tests.corpus import generate_site  # noqa: E402


class Code:
    """One version of the project and its own copy of the site."""

    def __init__(self, name: str, root: Path, corpus: Path, work: Path):
        self.name, self.root = name, root
        self.site = work / f"site-{name}"
        shutil.copytree(corpus, self.site)
        shutil.copytree(root / "templates", self.site / "templates")
        self.out = work / f"out-{name}"
        updates = sorted((self.site / "content" / "updates").glob("*.md"))
        self.page = updates[len(updates) // 2]

    def steps(self, number: int) -> dict[str, float]:
        """One run of every step; wall seconds by step."""
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.site / ".cache", ignore_errors=True)
        build = [sys.executable, str(self.root / "build.py"), "build", "--site", str(self.site),
                 "--out", str(self.out), "--now", NOW]
        seconds = {}
        for step in STEPS:
            change_for(step, self.site, self.page, number)
            seconds[step] = run(build)[0]
        return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="the earlier commit (any git revision)")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rev = subprocess.run(["git", "rev-parse", "--short", args.before], cwd=ROOT, capture_output=True, text=True)
    if rev.returncode != 0:
        raise SystemExit(f"unknown revision: {args.before}")
    short = rev.stdout.strip()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sitegen-paired-") as temporary:
        work = Path(temporary)
        before_root = work / "before"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(before_root), short], cwd=ROOT, check=True)
        try:
            corpus = generate_site(work / "corpus", pages=args.pages, linked=True)
            codes = [Code("before", before_root, corpus, work), Code("after", ROOT, corpus, work)]
            times = {code.name: {step: [] for step in STEPS} for code in codes}
            for number in range(args.runs):
                order = codes if number % 2 == 0 else codes[::-1]
                for code in order:
                    for step, seconds in code.steps(number).items():
                        times[code.name][step].append(seconds)
                print(f"  run {number + 1}/{args.runs}: cold before {times['before']['cold'][-1]:.2f} s, "
                      f"after {times['after']['cold'][-1]:.2f} s", file=sys.stderr, flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before_root)], cwd=ROOT, check=False)
    lines = [f"Machine: {machine_line()}",
             f"{args.pages} pages, {args.runs} paired runs (alternating order), before = {short}, after = this checkout",
             f"  {'step':<24} {'before':>9} {'after':>9}   after/before: median (lowest-highest)"]
    for step in STEPS:
        before, after = times["before"][step], times["after"][step]
        ratios = sorted(a / b for a, b in zip(after, before, strict=True))
        lines.append(f"  {step:<24} {statistics.median(before):7.2f} s {statistics.median(after):7.2f} s   "
                     f"{statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f})")
    lines.append(f"Benchmark took {time.perf_counter() - started:.0f} s.")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
