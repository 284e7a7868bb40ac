"""Links out of the site, special files and file system errors (issue 15.4, 15.5): each is a Danish fejl
naming the path, exit 1 (or 2 for a bad --out), never a hang, a MemoryError or a traceback; and nothing
a link points at outside the site reaches the output."""
from __future__ import annotations

import builtins
import os

import pytest

from tests.sitekit import base_files, run_cli, write_site

NOW = "2016-09-01"
SECRET = "Hemmelig tekst uden for sitet"
PAGE = "---\ntitle: Side\n---\nTekst.\n"


@pytest.fixture
def site(tmp_path):
    return write_site(tmp_path / "site", base_files() | {"content/pages/side.md": PAGE})


def _build(site, tmp_path, *extra: str, isolated: bool = False):
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", NOW, *extra,
                     isolated=isolated)
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr, result.stderr[-3000:]
    return result


def _names(result, path: str, words: str) -> bool:
    return any(line.startswith(f"{path}:") and words in line for line in result.stderr.splitlines())


def test_a_link_to_a_file_outside_the_site_is_a_fejl_and_its_text_is_not_published(site, tmp_path):
    outside = tmp_path / "hemmelig.md"
    outside.write_text(f"---\ntitle: Hemmelig\n---\n{SECRET}\n", encoding="utf-8")
    (site / "content" / "pages" / "hemmelig.md").symlink_to(outside)
    result = _build(site, tmp_path)
    assert result.returncode == 1 and _names(result, "content/pages/hemmelig.md", "uden for sitets mappe")
    assert not (tmp_path / "out").exists()


def test_a_linked_folder_outside_the_site_is_a_fejl_not_skipped_in_silence(site, tmp_path):
    folder = tmp_path / "andet"
    folder.mkdir()
    (folder / "x.md").write_text(f"---\ntitle: X\n---\n{SECRET}\n", encoding="utf-8")
    (site / "content" / "pages" / "andet").symlink_to(folder)
    result = _build(site, tmp_path)
    assert result.returncode == 1 and _names(result, "content/pages/andet", "uden for sitets mappe")


def test_links_that_stay_inside_the_site_are_followed(site, tmp_path):
    (site / "tekster").mkdir()
    (site / "tekster" / "delt.md").write_text("---\ntitle: Delt side\n---\nDelt tekst.\n", encoding="utf-8")
    (site / "content" / "pages" / "delt.md").symlink_to(site / "tekster" / "delt.md")
    result = _build(site, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Delt tekst." in (tmp_path / "out" / "delt" / "index.html").read_text(encoding="utf-8")


def test_a_link_to_dev_zero_is_a_fejl_not_a_memory_error(site, tmp_path):
    (site / "content" / "pages" / "nul.md").symlink_to("/dev/zero")
    result = _build(site, tmp_path)
    assert result.returncode == 1 and _names(result, "content/pages/nul.md", "uden for sitets mappe")


def test_a_device_inside_the_site_is_not_read(site, tmp_path, monkeypatch):
    """A special file that is in the site itself (here a FIFO): refused as not a regular file."""
    os.mkfifo(site / "content" / "pages" / "roer.md")
    result = _build(site, tmp_path, isolated=True)  # its own process: a hang would be the test's timeout
    assert result.returncode == 1 and _names(result, "content/pages/roer.md", "ikke en almindelig fil")


def test_a_fifo_in_data_does_not_hang_the_build(site, tmp_path):
    os.mkfifo(site / "data" / "venues.yml")
    result = _build(site, tmp_path, isolated=True)
    assert result.returncode == 1 and _names(result, "data/venues.yml", "ikke en almindelig fil")


def test_a_link_loop_and_a_broken_link_are_fejl(site, tmp_path):
    pages = site / "content" / "pages"
    (pages / "a.md").symlink_to(pages / "b.md")
    (pages / "b.md").symlink_to(pages / "a.md")
    (pages / "borte.md").symlink_to(pages / "findes-ikke.md")
    (pages / "ring").symlink_to(pages)
    result = _build(site, tmp_path)
    assert result.returncode == 1
    assert _names(result, "content/pages/a.md", "i ring") and _names(result, "content/pages/borte.md", "ikke findes")
    assert _names(result, "content/pages/ring", "i ring")


def test_a_file_name_that_is_not_utf8_is_a_fejl(site, tmp_path):
    name = os.fsencode(site / "content" / "pages") + b"/sk\xe6rm.md"
    with open(name, "wb") as stream:
        stream.write(PAGE.encode())
    result = _build(site, tmp_path)
    assert result.returncode == 1 and _names(result, "content/pages/sk\ufffdrm.md", "UTF-8")


def test_a_name_too_long_for_an_address_is_a_fejl(site, tmp_path):
    long = "m" * 249 + ".md"  # 252 characters: its .ics name would pass the file system's 255 bytes
    (site / "content" / "meetings" / long).write_text("---\ntitle: M\ndate: 2016-10-05\n---\n", encoding="utf-8")
    result = _build(site, tmp_path)
    assert result.returncode == 1 and _names(result, f"content/meetings/{long}", "for langt")


def test_an_unreadable_folder_is_a_fejl_not_a_silent_gap(site, tmp_path, monkeypatch):
    hidden = site / "content" / "updates"
    hidden.mkdir()
    real = os.scandir

    def refused(path="."):
        if os.fspath(path) == str(hidden):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refused)  # as root, chmod 000 would not stop us reading
    result = _build(site, tmp_path)
    assert result.returncode == 1 and _names(result, "content/updates", "kan ikke læses")


def test_an_unreadable_file_is_a_fejl(site, tmp_path, monkeypatch):
    target = str(site / "content" / "pages" / "side.md")
    real = builtins.open

    def refused(file, *args, **kwargs):
        if os.fspath(file) == target:
            raise PermissionError(13, "Permission denied", target)
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refused)
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: refused(self, "rb").read())
    for command in (["build", "--out", str(tmp_path / "out")], ["check"], ["check", "--file", target]):
        result = run_cli(*command, "--site", str(site), "--now", NOW)
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        assert result.returncode == 1 and _names(result, "content/pages/side.md", "kan ikke læses"), command


@pytest.mark.parametrize("out", ["/proc/sitegen-test", "/dev/null/out"])
def test_an_output_folder_that_cannot_be_made_is_a_usage_error(site, out):
    result = run_cli("build", "--site", str(site), "--out", out, "--now", NOW)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 2 and out in result.stderr, result.stderr


def test_a_fifo_does_not_hang_the_preview(site, tmp_path):
    """The preview's build thread uses the same walk: the save is reported, not waited on forever."""
    import threading

    from sitegen.preview.rebuild import Rebuilder

    os.mkfifo(site / "content" / "pages" / "roer.md")
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(Rebuilder(site, tmp_path / "preview").build()), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert outcome, "the preview build hung on a FIFO"
    assert not outcome[0].ok and any("content/pages/roer.md:" in line and "ikke en almindelig fil" in line
                                     for line in outcome[0].problems)


@pytest.mark.parametrize("inside", [".cache/sitegen/ud", "templates/ud", "content/ud", "data"])
def test_an_output_folder_inside_the_sites_own_folders_is_refused(site, inside):
    """The cache holds draft text: an output folder there (or in the sources) would publish it."""
    result = run_cli("build", "--site", str(site), "--out", str(site / inside), "--now", NOW)
    assert result.returncode == 2 and "må ikke bruges som output-mappe" in result.stderr, result.stderr
    assert not (site / inside / "index.html").exists()


def test_a_decomposed_file_name_gets_the_address_of_the_composed_one(site, tmp_path):
    """macOS writes names decomposed (NFD): "å" as "a" and a combining ring."""
    import unicodedata

    name = unicodedata.normalize("NFD", "møde-å.md")
    assert name != "møde-å.md"
    write_site(site, {f"content/updates/{name}": "---\ntitle: Nyhed\ndate: 2016-08-01\n---\nTekst.\n"})
    assert _build(site, tmp_path).returncode == 0
    assert (tmp_path / "out" / "status" / "moede-aa" / "index.html").is_file()
    assert not (tmp_path / "out" / "status" / "moede-a-").exists()
    write_site(site, {"content/updates/møde-å.md": "---\ntitle: Anden nyhed\ndate: 2016-08-02\n---\nTekst.\n"})
    result = _build(site, tmp_path)
    assert result.returncode == 1 and "får samme adresse (moede-aa)" in result.stderr, result.stderr
