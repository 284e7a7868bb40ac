"""Tiny sites written inline from a dict of files, and the command line run on them."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SITE_YAML = """\
title: Testsite
organisation: Testkommune
base_url: https://example.org/kvalitet/
contact: anna
"""
PEOPLE_YAML = """\
anna:
  name: Anna Andersen
  role: Koordinator
  email: anna@example.org
"""
VENUES_YAML = """\
raadhus:
  name: Testrådhus
  address: Testvej 1
  postal_code: "4000"
  city: Testby
  accessibility: Elevator til 1. sal.
"""
MEETING = """\
---
title: Borgermøde i oktober
date: 2016-10-05
start: 17:00
end: "18.30"
venue: raadhus
registration:
  contact: anna
---
Vi taler om kvalitet.
"""

# The moment the real site is built for in tests: all three 2016-17 meetings are held.
REAL_SITE_NOW = "2026-11-23T12:00"


def base_files() -> dict[str, str]:
    """A small valid site: one meeting, its data files."""
    return {
        "data/site.yaml": SITE_YAML,
        "data/people.yaml": PEOPLE_YAML,
        "data/venues.yaml": VENUES_YAML,
        "content/meetings/borgermoede.md": MEETING,
    }


# One item in each time-dependent state (tests/unit/test_assemble.py, tests/integration/test_assemble_cli.py):
# a later meeting, minutes with a publish moment, open, done, unknown and undated initiatives,
# a draft, an update published later and one published now.
TIMED = {
    "content/meetings/december.md": """\
        ---
        title: Møde i december
        date: 2016-12-07
        start: "17:00"
        end: "18:30"
        venue: raadhus
        ---
        """,
    "content/minutes/referat-oktober.md": "---\ntitle: Referat fra oktober\nmeeting: borgermoede\npublish: 2016-10-05 18:30\n---\nTekst.\n",
    "content/initiatives/open.md": "---\ntitle: Åbent tiltag\ndeadline: 2017-Q1\nstatus: i-gang\n---\n",
    "content/initiatives/done.md": "---\ntitle: Færdigt tiltag\ndeadline: 2017-03-31\nstatus: gennemfoert\n---\n",
    "content/initiatives/unknown.md": "---\ntitle: Uden status\ndeadline: 2017-03-31\n---\n",
    "content/initiatives/none.md": "---\ntitle: Uden frist\ndeadline: ikke-fastsat\n---\n",
    "content/updates/draft.md": "---\ntitle: Kladde\ndate: 2016-06-01\ndraft: true\n---\n",
    "content/updates/later.md": "---\ntitle: Senere\ndate: 2016-06-01\npublish: 2016-10-05 17:00\n---\n",
    "content/updates/now.md": "---\ntitle: Nu\ndate: 2016-06-02\ninitiatives: [open]\n---\n",
}


# The meeting (MEETING above) is on Wednesday 5 October 2016, 17:00-18:30; sign-up closes
# 7 days before (deadline 28 September). An update appears on 3 October at 09:00 and an
# initiative's deadline is 2 October. A draft with an earlier publish moment never appears.
SCHEDULED = {
    **base_files(),
    "content/updates/senere.md": "---\ntitle: Senere nyhed\ndate: 2016-10-03\npublish: 2016-10-03 09:00\n---\nTekst.\n",
    "content/updates/kladde.md": "---\ntitle: Kladde\ndate: 2016-09-10\ndraft: true\npublish: 2016-09-10 08:00\n---\nT.\n",
    "content/initiatives/tiltag.md": "---\ntitle: Tiltag\ndeadline: 2016-10-02\nstatus: i-gang\n---\nTekst.\n",
}


def write_site(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write files (text is dedented; None deletes) under root and return it."""
    for name, data in files.items():
        path = root / name
        if data is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")
    return root


def run_cli(*args: str, cwd: Path = ROOT, isolated: bool = False) -> subprocess.CompletedProcess:
    """build.py with these arguments, as a user would run it.

    In this process by default (build.main with its own stdout and stderr): a third of the suite's
    time went to starting Python and importing the engine for each of some 350 calls. `isolated`
    (or SITEGEN_TEST_SUBPROCESS=1 for the whole run) runs it as a separate process, for tests
    about the process itself (exit on signals, environment, forked workers).
    """
    if isolated or os.environ.get("SITEGEN_TEST_SUBPROCESS") == "1":
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=120)
    return _run_in_process(list(args), cwd)


def _run_in_process(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    import contextlib
    import gc
    import io

    build = _build_module()
    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = build.main(args)
            except SystemExit as stop:  # argparse's usage errors
                code = stop.code if isinstance(stop.code, int) else 2
    finally:
        os.chdir(before)
        gc.unfreeze()  # the build freezes its caches for its own short life; a test process lives on
    return subprocess.CompletedProcess([sys.executable, str(ROOT / "build.py"), *args], code,
                                       out.getvalue(), err.getvalue())


def _build_module():
    """build.py imported once, as the module `build` (it is a script, not in a package)."""
    import importlib.util

    module = sys.modules.get("sitegen_build_script")
    if module is None:
        spec = importlib.util.spec_from_file_location("sitegen_build_script", ROOT / "build.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["sitegen_build_script"] = module
        spec.loader.exec_module(module)
    return module


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under folder with its SHA-256, to prove a folder is untouched."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


FULL_SITE = ROOT / "tests" / "fixtures" / "full_site"  # the test site: every template and state


def copy_full_site(tmp_path: Path) -> Path:
    """A private copy of the test site (without any cache), for tests that edit or build it."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(FULL_SITE, site, ignore=shutil.ignore_patterns(".cache"))
    return site


def an_update(site: Path) -> Path:
    """The first update file of a site."""
    return sorted((site / "content" / "updates").glob("*.md"))[0]


def build_and_sync(site: Path, out: Path, manifest: Path, now):
    """The test site built for `now` and written into `out` by the build command's writer."""
    from sitegen.engine.pipeline import build_site
    from sitegen.output.write import sync_output

    return sync_output(build_site(site, now).files, out, manifest, "2016-10-04T00:00:00+02:00")
