"""`make test` checks the system packages it needs before anything else (bin/test-tools):
as root it installs them, as anyone else it stops at once with the one line to run."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.sitekit import ROOT

SCRIPT = ROOT / "bin" / "test-tools"


def run_as_user_without_tools() -> subprocess.CompletedProcess:
    """The script with a PATH that holds only `id`: java, npm and rsync look missing, as on a bare machine."""
    with tempfile.TemporaryDirectory() as folder:  # under /tmp: the ordinary user must reach it
        os.chmod(folder, 0o755)
        bare = Path(folder) / "bin"
        bare.mkdir(mode=0o755)
        (bare / "id").symlink_to(shutil.which("id"))
        # A copy the ordinary user can read: a clone in a private folder (mktemp -d) is out of its reach.
        script = Path(folder) / "test-tools"
        shutil.copyfile(SCRIPT, script)
        os.chmod(script, 0o755)
        return _run(bare, script)


def _run(bare: Path, script: Path) -> subprocess.CompletedProcess:
    command = ["env", "-i", f"PATH={bare}", "/bin/sh", str(script)]
    if os.geteuid() == 0:  # as root it would install: run it as an ordinary user instead
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.fail("runuser (util-linux) is needed to run bin/test-tools as an ordinary user")
        command = [runuser, "-u", "nobody", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=30)


def test_without_the_packages_it_stops_at_once_naming_them():
    started = time.monotonic()
    result = run_as_user_without_tools()
    assert time.monotonic() - started < 5
    assert result.returncode == 2
    line = next((line for line in result.stderr.splitlines() if "apt-get install" in line), result.stderr)
    for package in ("default-jre-headless", "rsync", "npm"):
        assert package in line.split()


def test_with_the_packages_it_says_nothing():
    result = subprocess.run(["/bin/sh", str(SCRIPT)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stderr == ""

