"""The preview server without a browser: banners, the review page, refused paths, ignored temporary
files and a preview folder that is never output/ nor the site's own files (the build loop's debounce
and the temporary-file rules in memory: tests/unit/test_preview_rules.py)."""
from __future__ import annotations

import http.client
import re
import shutil
import time
from urllib.parse import urlsplit

import pytest

from tests.previewkit import preview_server, wait_until
from tests.sitekit import ROOT, base_files, run_cli, tree_digest, write_site

NOW = "2016-09-01T12:00"
PENDING = {
    "content/updates/kladde.md": "---\ntitle: Kladde\ndate: 2016-06-01\ndraft: true\n---\nEndnu ikke offentlig.\n",
    "content/updates/senere.md": "---\ntitle: Senere\ndate: 2016-06-01\npublish: 2030-01-02\n---\nKommer senere.\n",
    "content/updates/synlig.md": "---\ntitle: Synlig\ndate: 2016-06-01\n---\nOffentlig.\n",
}
OVERDUE = {  # deadline on line 3, long past at NOW
    "content/initiatives/gammelt.md": "---\ntitle: Gammelt tiltag\ndeadline: 2016-03-01\nstatus: i-gang\n---\nTekst.\n",
}


def get(url: str, path: str) -> tuple[int, str]:
    """GET with the path sent exactly as written (http.client neither normalises nor re-encodes it)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One server over a tiny site with drafts and an overdue initiative, compared with a published build."""
    root = tmp_path_factory.mktemp("preview")
    site = write_site(root / "site", base_files() | PENDING)
    published = root / "published"
    result = run_cli("build", "--site", str(site), "--out", str(published), "--now", NOW)
    assert result.returncode == 0, result.stderr
    write_site(site, OVERDUE)  # added after the public build: a new page on the review page
    before = tree_digest(site)
    output_before = tree_digest(ROOT / "output") if (ROOT / "output").is_dir() else None
    with preview_server(site, NOW, "--published", str(published)) as server:
        server.site, server.published = site, published
        yield server
        assert tree_digest(site) == before, "the preview wrote into the site's files"
    assert output_before is None or tree_digest(ROOT / "output") == output_before
    assert not server.folder.exists(), "the preview folder was not removed when the server stopped"


# ---- banners ----

@pytest.mark.parametrize("slug, banner", [
    ("kladde", "Kladde - ikke offentliggjort"),
    ("senere", "Offentliggøres onsdag den 2. januar 2030"),
])
def test_preview_shows_pending_items_with_their_banner(served, slug, banner):
    status, body = get(served.url, f"/status/{slug}/")
    assert status == 200
    assert re.search(r'<p class="pending-banner" role="note"><strong>' + re.escape(banner), body), body


def test_a_normal_build_has_neither_the_pending_items_nor_their_banners(served):
    files = {p.relative_to(served.published).as_posix(): p for p in served.published.rglob("*") if p.is_file()}
    assert "status/synlig/index.html" in files  # the check can fail
    assert "status/kladde/index.html" not in files and "status/senere/index.html" not in files
    texts = "\n".join(p.read_text("utf-8", "replace") for p in files.values() if p.suffix in (".html", ".xml", ".ics"))
    assert "Kladde - ikke offentliggjort" not in texts and "Offentliggøres" not in texts
    assert "_gennemgang" not in texts and not any(name.startswith("_gennemgang") for name in files)


# ---- review page ----

def test_review_page_lists_the_overdue_initiative_with_file_and_line(served):
    status, body = get(served.url, "/_gennemgang/")
    assert status == 200
    assert "<code>content/initiatives/gammelt.md:3</code>: deadline: Fristen" in body, body
    assert '<html lang="da">' in body and '<link rel="stylesheet" href="/static/style.css">' in body


def test_review_page_sorts_findings_by_level_and_names_each(served):
    _, body = get(served.url, "/_gennemgang/")
    nav = body[body.index("<nav aria-label=\"På denne side\">"):]
    assert '<a href="#blokerer">Blokerer udgivelse (0)</a>' in nav and '<a href="#raad">Råd om klarsprog' in nav
    warnings = body[body.index('<h2 id="advarsler">'):body.index('<h2 id="raad">')]
    assert "content/initiatives/gammelt.md:3</code>: deadline: Fristen" in warnings and "[advarsel]" in warnings


def test_review_page_lists_what_the_public_site_would_gain(served):
    _, body = get(served.url, "/_gennemgang/")
    added = body.split("<h3>Nye sider og filer")[1].split("<h3>")[0]
    assert '<a href="/tiltag/gammelt/">/tiltag/gammelt/</a>' in added
    assert "/status/kladde/" not in body and "/status/senere/" not in body  # drafts never reach the public site
    changed = body.split("<h3>Ændrede sider og filer")[1].split("<h3>")[0]
    assert '<a href="/tiltag/">/tiltag/</a>' in changed


def test_pages_link_to_the_review_page_and_load_livereload_from_the_same_origin(served):
    _, body = get(served.url, "/status/synlig/")
    assert '<a href="/_gennemgang/">' in body
    assert 's.src="/livereload.js?port="+port' in body and "//" not in body.split('s.src="')[1].split(";")[0]
    status, script = get(served.url, "/livereload.js")
    assert status == 200 and "LiveReload" in script


# ---- refused paths ----

TRAVERSALS = [
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2e%2e%2f%2e%2e%2fetc/passwd",
    "//etc/passwd",
    "/..%2f..%2fetc/passwd",
    "/static/../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/.%2e/.%2e/etc/passwd",
    "/%2fetc%2fpasswd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_outside_the_preview_folder_are_refused(served, path):
    status, body = get(served.url, path)
    assert status in (403, 404), (status, body[:200])
    assert "root:" not in body


def test_a_symlink_out_of_the_preview_folder_is_refused(served):
    (served.folder / "ud").symlink_to("/etc/passwd")
    (served.folder / "etc").symlink_to("/etc", target_is_directory=True)
    for path in ("/ud", "/etc/passwd"):
        status, body = get(served.url, path)
        assert status in (403, 404), (path, status)
        assert "root:" not in body


def test_a_missing_page_gets_a_danish_not_found_page_that_reloads_itself(served):
    status, body = get(served.url, "/findes-ikke/")
    assert status == 404
    assert "Siden findes ikke i forhåndsvisningen" in body and "/livereload.js" in body


# ---- the watcher ----


def test_saving_editor_temporary_files_builds_nothing(tmp_path):
    site = write_site(tmp_path / "site", base_files())
    with preview_server(site, NOW) as server:
        builds = server.builds()
        write_site(site, {
            "content/meetings/.#borgermoede.md": "lås",
            "content/meetings/borgermoede.md~": "backup",
            "content/meetings/.borgermoede.md.swp": "swap",
            "content/meetings/4913": "",
            "data/.people.yaml.tmp": "x",
        })
        (site / "content/meetings/borgermoede.md~").unlink()
        # A gap, not a wait: no build may come, and its absence cannot be polled for. One second is
        # four times livebuild.MAX_WAIT after the last save; the builds that must come are polled below.
        time.sleep(1.0)
        assert server.builds() == builds, "\n".join(server.lines)
        # the checks can fail: an editor's atomic save (a temporary file renamed over the real one) builds,
        # and so does a data file
        meeting = site / "content/meetings/borgermoede.md"
        (site / "content/meetings/.borgermoede.md.tmp").write_text(
            meeting.read_text(encoding="utf-8").replace("i oktober", "i november"), encoding="utf-8")
        (site / "content/meetings/.borgermoede.md.tmp").replace(meeting)
        wait_until(lambda: server.builds() == builds + 1)
        write_site(site, {"data/people.yaml": (site / "data/people.yaml").read_text(encoding="utf-8")
                          .replace("Koordinator", "Leder")})
        wait_until(lambda: server.builds() == builds + 2)


def test_a_template_save_of_a_site_with_its_own_templates_rebuilds_its_pages(tmp_path):
    site = write_site(tmp_path / "site", base_files())
    shutil.copytree(ROOT / "templates", site / "templates")
    with preview_server(site, NOW) as server:
        builds = server.builds()
        base = site / "templates/base.html"
        base.write_text(base.read_text(encoding="utf-8").replace("Gå til sidens indhold", "Spring til indholdet"),
                        encoding="utf-8")
        wait_until(lambda: server.builds() == builds + 1)
        wait_until(lambda: "Spring til indholdet" in get(server.url, "/moeder/borgermoede/")[1])


def test_the_preview_folder_is_private_and_never_output(tmp_path):
    site = write_site(tmp_path / "site", base_files())
    with preview_server(site, NOW) as server:
        folder = server.folder
        assert folder.is_dir() and (folder / "moeder/borgermoede/index.html").is_file()
        for forbidden in (ROOT, site):
            assert not folder.is_relative_to(forbidden) and not forbidden.is_relative_to(folder)
    assert not folder.exists()


# ---- the build loop ----


def test_requests_for_another_host_name_are_not_answered(served):
    """A page whose name was made to point at 127.0.0.1 (DNS rebinding) must not read the drafts."""
    parts = urlsplit(served.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", "/status/kladde/", headers={"Host": f"angriber.example:{parts.port}"})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    assert response.status == 404 and "Kladde" not in body
    assert get(served.url, "/status/kladde/")[0] == 200


@pytest.mark.parametrize("path", ["/index.html%00.txt", "/%00", "/moeder/%00/index.html"])
def test_a_nul_in_the_path_is_not_found_not_a_server_error(served, path):
    """A NUL in a path once answered 500 and printed a traceback in the reviewer's terminal."""
    printed = len(served.lines)
    status, _ = get(served.url, path)
    assert status == 404
    assert get(served.url, "/")[0] == 200  # still serving
    assert not any("Traceback" in line for line in served.lines[printed:]), "\n".join(served.lines[printed:])


def test_listening_beyond_this_machine_is_said_loudly(tmp_path):
    site = write_site(tmp_path / "site", base_files())
    with preview_server(site, NOW, "--host", "0.0.0.0") as server:
        warning = server.wait_for(r"^ADVARSEL: Forhåndsvisningen lytter på 0\.0\.0\.0").string
        assert "kladder" in warning and "--host 127.0.0.1" in warning
    with preview_server(site, NOW) as server:  # the default: this machine only, nothing to warn about
        server.wait_for(r"^Bygget \d+ sider")  # printed after the notice would have been
        assert not any(line.startswith("ADVARSEL") for line in server.lines)
