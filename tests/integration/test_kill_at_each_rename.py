"""A build killed at any rename leaves --out a whole old or a whole new site, and the next build
removes what the killed one left (issue 15.3).

Fault injection, not timing: strace kills the build process (and its workers) with SIGKILL at
its Nth rename, exchange included (testing-tools.md), for N = 1, 2, ... until the build gets
through. After each kill, --out must equal the site as the last whole build left it or as a
cold build makes it now, byte for byte; then an ordinary build must succeed, leave nothing
beside --out, and equal a cold build.
"""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.sitekit import ROOT, base_files, run_cli, tree_digest, write_site

NOW = "2016-10-21T12:00"
STRACE = shutil.which("strace")
pytestmark = pytest.mark.skipif(STRACE is None, reason="strace is missing: make test installs it (bin/test-tools)")


def _build(site, out) -> subprocess.CompletedProcess:
    """An ordinary build (in this process: the tests' run_cli)."""
    return run_cli("build", "--site", str(site), "--out", str(out), "--now", NOW)


def _killed_build(site, out, number: int) -> subprocess.CompletedProcess:
    """A build as its own process under strace, killed at its `number`th rename."""
    calls = "rename,renameat,renameat2"
    command = [STRACE, "-f", "-qq", "-o", "/dev/null", "-e", f"trace={calls}",
               "-e", f"inject={calls}:signal=SIGKILL:when={number}",
               sys.executable, str(ROOT / "build.py"), "build", "--site", str(site), "--out", str(out), "--now", NOW]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def _beside(out) -> list[str]:
    return sorted(path.name for path in out.parent.iterdir() if path.name != out.name and path.name != "site")


@pytest.mark.parametrize("change", ["first build", "one page changed", "output changed by hand"])
def test_a_kill_at_any_rename_leaves_a_whole_site(tmp_path, change):
    # A small site keeps each try short; the renames are the same kinds as for any site.
    site = write_site(tmp_path / "site", base_files() | {
        f"content/updates/nyhed-{number}.md": f"---\ntitle: Nyhed {number}\ndate: 2016-09-0{number}\n---\nTekst {number}.\n"
        for number in range(1, 4)})
    out = tmp_path / "out"
    if change != "first build":
        assert _build(site, out).returncode == 0
    before = tree_digest(out) if out.exists() else None
    state = tmp_path / "state"  # out/ and the build cache as they were before each try
    state.mkdir()
    if change == "output changed by hand":  # output/ no longer as the build left it: a full write and swap
        (out / "index.html").write_text("rettet i hånden", encoding="utf-8")
        before = tree_digest(out)
    if out.exists():
        shutil.copytree(out, state / "out")
    if (site / ".cache").exists():
        shutil.copytree(site / ".cache", state / "cache")

    def edit() -> None:
        if change == "one page changed":
            with (site / "content" / "updates" / "nyhed-2.md").open("a", encoding="utf-8") as stream:
                stream.write("\nEn ny sætning.\n")

    edit()
    expected_dir = tmp_path / "expected"
    assert _build(site, expected_dir).returncode == 0
    after = tree_digest(expected_dir)
    kills = 0
    for number in range(1, 200):
        for folder in (out, site / ".cache"):
            shutil.rmtree(folder, ignore_errors=True)
        for leftover in out.parent.glob(".out.*"):
            shutil.rmtree(leftover)
        if (state / "out").exists():
            shutil.copytree(state / "out", out)
        if (state / "cache").exists():
            shutil.copytree(state / "cache", site / ".cache")
        result = _killed_build(site, out, number)
        now = tree_digest(out) if out.exists() else None
        assert now in (before, after), f"killed at rename {number}: --out is neither the old nor the new site"
        if result.returncode == 0:
            break
        kills += 1
        # The next build cleans up after the killed one and is right.
        assert _build(site, out).returncode == 0, f"after a kill at rename {number}"
        assert tree_digest(out) == after
        assert _beside(out) == ["expected", "state"], f"left beside --out after rename {number}"
    else:
        pytest.fail("the build never got through")
    assert kills >= 1, "no rename was ever reached: the injection does not work"
