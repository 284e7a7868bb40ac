"""The build writes .next-change (when the site changes by itself) and says it in Danish
(how the moment is found: tests/unit/test_schedule.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitekit import SCHEDULED as KNOWN
from tests.sitekit import run_cli, write_site


@pytest.fixture(scope="module")
def known_site(tmp_path_factory) -> Path:
    return write_site(tmp_path_factory.mktemp("schedule") / "site", KNOWN)


def test_build_writes_next_change_and_says_it_in_danish(known_site, tmp_path):
    result = run_cli("build", "--site", str(known_site), "--out", str(tmp_path / "out"), "--now", "2016-10-03T09:00")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / ".next-change").read_text(encoding="utf-8") == "2016-10-05T17:00:00+02:00\n"
    assert "Næste ændring af sig selv: onsdag den 5. oktober 2016 kl. 17.00\n" in result.stderr


def test_next_change_file_is_empty_when_nothing_is_scheduled(known_site, tmp_path):
    result = run_cli("build", "--site", str(known_site), "--out", str(tmp_path / "out"), "--now", "2017-01-01")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / ".next-change").read_text(encoding="utf-8") == ""
    assert "Næste ændring af sig selv: ingen" in result.stderr
