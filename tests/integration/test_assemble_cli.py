"""Time-dependent rules through build.py: drafts never reach output/, the same input and --now give
the same bytes, and a site folder outside the project builds (the rules themselves: tests/unit/test_assemble.py)."""
from __future__ import annotations

from tests.sitekit import TIMED, base_files, run_cli, tree_digest, write_site


def test_draft_never_reaches_output_but_preview_marks_it(tmp_path):
    site = write_site(tmp_path / "site", base_files() | TIMED)
    out, preview_out = tmp_path / "out", tmp_path / "preview"
    assert run_cli("build", "--site", str(site), "--out", str(out), "--now", "2016-10-01T12:00").returncode == 0
    assert run_cli("build", "--site", str(site), "--out", str(preview_out), "--now", "2016-10-01T12:00",
                   "--preview").returncode == 0
    public = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "Kladde" not in public and "Senere" not in public
    assert not (out / "status" / "draft").exists() and not (out / "status" / "later").exists()
    draft_page = (preview_out / "status" / "draft" / "index.html").read_text(encoding="utf-8")
    later_page = (preview_out / "status" / "later" / "index.html").read_text(encoding="utf-8")
    assert "Kladde - ikke offentliggjort" in draft_page
    assert "Offentliggøres onsdag den 5. oktober 2016 kl. 17.00" in later_page


def test_same_input_same_now_gives_identical_bytes(tmp_path):
    site = write_site(tmp_path / "site", base_files() | TIMED)
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert run_cli("build", "--site", str(site), "--out", str(out), "--now", "2016-10-01T12:00").returncode == 0
    assert tree_digest(a) == tree_digest(b)


def test_a_site_folder_outside_the_project(tmp_path):
    """The contract's own example: python build.py build --site DIR --out DIR2 --now 2031-01-15."""
    site = write_site(tmp_path / "elsewhere", base_files() | TIMED)
    out = tmp_path / "published"
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", "2031-01-15", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    meetings = (out / "moeder" / "index.html").read_text(encoding="utf-8")
    assert "Møde i december" in meetings and (out / "tiltag" / "open" / "index.html").is_file()
    assert not (site / "output").exists()
