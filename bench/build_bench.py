#!/usr/bin/env python3
"""Build benchmark: cold build, rebuilds, peak memory and --help, as ratios to the floor (not a test).

    .venv/bin/python bench/build_bench.py [--sizes 1000 10000] [--runs 5 3]   (or: make bench)

For each size a deterministic site is generated (tests/corpus.py, linked=True)
with its own copy of the templates, then each run does, as subprocesses of
`build.py build --site S --out O --now 2016-10-01`: a cold build (output and
build cache removed), a rebuild with nothing changed, after changing one page,
after changing one data file (a venue's address) and after changing one
template. The floor (bench/floor.py) runs on the same corpus in the same run.
Figures are medians; peak memory is the largest max RSS of a build process
(os.wait4 of the child, which includes the processes it waited for).
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.corpus import generate_site  # noqa: E402

NOW = "2016-10-01"
STEPS = ("cold", "nothing changed", "one page changed", "one data file changed", "one template changed")
TARGETS = {"cold": 0.7, "nothing changed": 0.15, "one page changed": 0.2}


def run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and max RSS (KiB) of one child process; raise if it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{stderr.decode()[-2000:]}")
    return seconds, usage.ru_maxrss


def machine_line() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs, {model}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{path}: '{old}' not found")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_for(step: str, site: Path, page: Path, number: int) -> None:
    """Make the change a step measures (run `number` makes each run's change new); cold and nothing changed: none."""
    if step == "one page changed":
        with page.open("a", encoding="utf-8") as stream:
            stream.write(f"\nEn ny sætning i kørsel {number}.\n")
    elif step == "one data file changed":
        edit(site / "data" / "venues.yaml", "address: Prøvevej ", f"address: Prøvevej {number}")
    elif step == "one template changed":
        edit(site / "templates" / "base.html", "</body>", f"<!-- {number} --></body>")


def bench_size(pages: int, runs: int, work: Path) -> dict:
    site = generate_site(work / f"site-{pages}", pages=pages, linked=True)
    shutil.copytree(ROOT / "templates", site / "templates")
    out, floor_out = work / f"out-{pages}", work / f"floor-{pages}"
    build = [sys.executable, "build.py", "build", "--site", str(site), "--out", str(out), "--now", NOW]
    times: dict[str, list[float]] = {step: [] for step in STEPS + ("floor",)}
    peak = 0
    page = sorted((site / "content" / "updates").glob("*.md"))[len(list((site / "content" / "updates").glob("*.md"))) // 2]
    for number in range(runs):
        shutil.rmtree(floor_out, ignore_errors=True)
        seconds, _ = run([sys.executable, "bench/floor.py", str(site), str(floor_out)])
        times["floor"].append(seconds)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(site / ".cache", ignore_errors=True)
        for step in STEPS:
            change_for(step, site, page, number)
            seconds, rss = run(build)
            times[step].append(seconds)
            peak = max(peak, rss)
        print(f"  {pages} pages, run {number + 1}/{runs}: cold {times['cold'][-1]:.2f} s, "
              f"floor {times['floor'][-1]:.2f} s", file=sys.stderr, flush=True)
    return {"medians": {step: statistics.median(values) for step, values in times.items()}, "peak_kib": peak}


def help_time(runs: int = 10) -> float:
    return statistics.median(run([sys.executable, "build.py", "--help"])[0] for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, nargs="+", default=[5, 3], help="runs per size (the last repeats)")
    args = parser.parse_args()
    if not (ROOT / "templates" / "base.html").is_file():
        raise SystemExit("templates/base.html is missing")
    started = time.perf_counter()
    lines = [f"Machine: {machine_line()}"]
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as temporary:
        for index, pages in enumerate(args.sizes):
            runs = args.runs[min(index, len(args.runs) - 1)]
            result = bench_size(pages, runs, Path(temporary))
            medians = result["medians"]
            floor = medians["floor"]
            lines.append(f"\n{pages} pages (median of {runs} runs), floor {floor:.2f} s:")
            for step in STEPS:
                target = TARGETS.get(step)
                verdict = "" if target is None else (
                    f"  target <= {target}x: {'met' if medians[step] / floor <= target else 'NOT met'}")
                lines.append(f"  {step:<24} {medians[step]:7.2f} s  {medians[step] / floor:5.2f}x floor{verdict}")
            mib = result["peak_kib"] / 1024
            memory_verdict = f"  target < 600 MiB: {'met' if mib < 600 else 'NOT met'}" if pages >= 10000 else ""
            lines.append(f"  {'peak memory (max RSS)':<24} {mib:7.0f} MiB{memory_verdict}")
    seconds = help_time()
    lines.append(f"\npython build.py --help: {seconds:.3f} s (median of 10)  target < 0.15 s: "
                 f"{'met' if seconds < 0.15 else 'NOT met'}")
    lines.append(f"Benchmark took {time.perf_counter() - started:.0f} s.")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
