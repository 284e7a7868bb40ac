"""The guide's example files build together, at two moments (the guide itself: tests/unit/test_guide.py)."""
from __future__ import annotations

from tests.guidekit import examples
from tests.sitekit import run_cli, write_site


def test_examples_build_together(tmp_path):
    site = write_site(tmp_path / "site", examples())
    for now in ("2016-10-01T12:00", "2017-06-01T12:00"):
        result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", now)
        assert result.returncode == 0, result.stderr
        assert "0 fejl, 0 blokerer udgivelse" in result.stderr.splitlines()[-1], result.stderr
        assert not any(line.endswith(("[fejl]", "[blokerer udgivelse]")) for line in result.stderr.splitlines())
    out = tmp_path / "out"
    assert (out / "moeder" / "2016-11-02-eksempelmoede" / "index.html").is_file()
    assert (out / "referater" / "referat-2016-11-02-eksempelmoede" / "index.html").is_file()
    calendar = (out / "moeder" / "2017-02-22-eksempelmoede.ics").read_text(encoding="utf-8")
    assert "STATUS:CANCELLED" in calendar and "SEQUENCE:1" in calendar
