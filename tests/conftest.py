"""Shared fixtures: the project root, running build.py, and the real site built once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The moment the real site is built for in tests: all three 2016-17 meetings are held.
REAL_SITE_NOW = "2026-11-23T12:00"


def _run_cli(command: str, *args: object, cwd: Path | None = None,
             env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `python build.py COMMAND ARGS...` in a subprocess; return its result as text."""
    child_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "build.py", command, *map(str, args)],
        cwd=cwd or PROJECT_ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root (where build.py, content/ and data/ are)."""
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def run_build():
    """`run_build(*args)` runs `python build.py build *args` in the project root.

    Arguments may be str or Path; returns subprocess.CompletedProcess with text
    stdout/stderr. Keyword arguments: env (extra variables), timeout (seconds).
    """
    def run(*args: object, **kwargs) -> subprocess.CompletedProcess[str]:
        return _run_cli("build", *args, **kwargs)
    return run


@pytest.fixture(scope="session")
def run_cli():
    """`run_cli(command, *args)` runs `python build.py COMMAND *args` (check, serve, new...)."""
    return _run_cli


@pytest.fixture(scope="session")
def built_real_site(tmp_path_factory) -> Path:
    """The real site (the project's content/ and data/) built once into a temp folder."""
    out = tmp_path_factory.mktemp("real-site") / "output"
    result = _run_cli("build", "--out", out, "--now", REAL_SITE_NOW)
    assert result.returncode == 0, (
        f"building the real site failed (exit {result.returncode}):\n"
        f"{result.stderr}\n{result.stdout}"
    )
    assert (out / "index.html").is_file(), f"no index.html in {out}"
    return out
