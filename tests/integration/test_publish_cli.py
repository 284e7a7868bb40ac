"""`build.py publish` and `rollback` where they stop before the gates: wrong usage, a folder in place of
`current`, nothing published yet, a dry run against nothing, ssh failing; and `make publish`'s options.
(Publishes past the gates run axe in Chromium: tests/browser/test_publish.py.)"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.publishkit import SITE, run_publish
from tests.sitekit import ROOT, run_cli, write_site


@pytest.fixture
def site_copy(tmp_path) -> Path:
    """The tiny site as first published."""
    return write_site(tmp_path / "site", SITE)


def test_a_folder_in_place_of_current_is_refused(site_copy, tmp_path):
    (tmp_path / "www" / "current").mkdir(parents=True)
    result = run_publish(site_copy, tmp_path / "www", "--dry-run")
    assert result.returncode == 1
    assert "er en almindelig mappe eller fil, ikke et symlink" in result.stderr


@pytest.mark.parametrize("args, expected", [
    (["--keep", "0"], "--keep skal være mindst 1"),
    (["--target", "server:/srv/kvalitet og mere"], "må kun indeholde"),
])
def test_wrong_usage(site_copy, tmp_path, args, expected):
    result = run_cli("publish", "--site", str(site_copy), "--target", str(tmp_path / "t"), *args)
    assert result.returncode == 2 and expected in result.stderr


def test_the_site_itself_is_no_target(site_copy):
    result = run_cli("publish", "--site", str(site_copy), "--target", str(site_copy / "content" / "udgivet"))
    assert result.returncode == 2 and "må ikke være eller indeholde sitets egne filer" in result.stderr


def test_rollback_with_nothing_published(tmp_path):
    result = run_cli("rollback", "--target", str(tmp_path / "tom"))
    assert result.returncode == 1 and "der er intet udgivet site" in result.stderr


def test_dry_run_against_nothing_lists_every_page_as_added(site_copy, tmp_path):
    result = run_publish(site_copy, tmp_path / "ny", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "tilføjet: /" in result.stdout.splitlines() and "ændret" not in result.stdout
    assert not (tmp_path / "ny").exists()


def test_ssh_failure_is_reported_and_changes_nothing(site_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLISH_SSH", "false")
    result = run_publish(site_copy, "web@server.example:/srv/kvalitet")
    assert result.returncode == 1
    assert "web@server.example:/srv/kvalitet: kunne ikke læse, hvad der er udgivet" in result.stderr


def test_make_passes_the_publish_options():
    result = subprocess.run(["make", "-n", "publish", "PUBLISH_TARGET=web@server:/srv/kvalitet", "PUBLISH_KEEP=3",
                             "DRY_RUN=1", "NOW=2016-09-01"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert 'build.py publish  --now "2016-09-01" --target "web@server:/srv/kvalitet" --keep 3 --dry-run' in result.stdout
    missing = subprocess.run(["make", "-o", ".venv/.installed-runtime", "rollback", "PUBLISH_TARGET="], cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode != 0 and "make rollback PUBLISH_TARGET=" in missing.stderr
