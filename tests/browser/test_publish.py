"""Publishing: every gate strict, then an atomic switch of `current`; rollback, dry run, the same over ssh
(with ssh replaced by a local shell), and nginx serving it as the snippet says.

Each successful publish runs axe (in Chromium) and the Nu checker (a few seconds), so the sites are tiny
and the two good publishes are made once for the module. Publishing's rules in memory:
tests/unit/test_publish_rules.py; the command where it stops before the gates: tests/integration/test_publish_cli.py.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.output import publish
from sitegen.output.publish import State, open_target
from tests.publishkit import NEWS, NOW, SITE, clock, run_publish, server_paths, write_fake_ssh
from tests.sitekit import ROOT, base_files, run_cli, tree_digest, write_site

CPH = ZoneInfo("Europe/Copenhagen")


def live_digest(target: Path) -> dict[str, str]:
    """Every file of the live site, read through the symlink."""
    return tree_digest(target / "current")


def whole_target(target: Path) -> tuple:
    """Everything in a target: the link, the releases, the state; to prove nothing changed."""
    return os.readlink(target / "current"), tree_digest(target), sorted(p.name for p in (target / "releases").iterdir())


def site_files(folder: Path) -> dict[str, str]:
    return {k: v for k, v in tree_digest(folder).items() if not k.startswith("pagefind/")}


class LiveWatcher:
    """Polls `current` in a thread while a publish runs: it must always be a complete site."""

    def __init__(self, current: Path):
        self.current, self.stop = current, threading.Event()
        self.looks, self.missing, self.targets = 0, 0, set()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def _watch(self):
        while not self.stop.is_set():
            self.looks += 1
            try:
                self.targets.add(os.readlink(self.current))
                if not ((self.current / "index.html").is_file() and (self.current / "status/nyhed/index.html").is_file()):
                    self.missing += 1
            except OSError:
                self.missing += 1
            time.sleep(0.0005)  # a look every half millisecond while the publish runs (sampling, not waiting)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The tiny site published twice to a local target, with a copy of the live site after each."""
    root = tmp_path_factory.mktemp("publish")
    site = write_site(root / "site", SITE)
    target = root / "target"
    first = run_publish(site, target)
    assert first.returncode == 0, first.stderr
    after_first = {"link": os.readlink(target / "current"), "digest": live_digest(target)}
    build_first = run_cli("build", "--site", str(site), "--out", str(root / "build1"), "--now", NOW)
    assert build_first.returncode == 0, build_first.stderr
    write_site(site, {"content/updates/nyhed.md": NEWS.format(title="Nyhed om kvaliteten")})
    with LiveWatcher(target / "current") as watcher:
        second = run_publish(site, target)
    assert second.returncode == 0, second.stderr
    build_second = run_cli("build", "--site", str(site), "--out", str(root / "build2"), "--now", NOW)
    assert build_second.returncode == 0, build_second.stderr
    return {"root": root, "site": site, "target": target, "first": first, "second": second,
            "after_first": after_first, "watcher": watcher, "builds": (root / "build1", root / "build2")}


@pytest.fixture
def target_copy(published, tmp_path) -> Path:
    """A private copy of the published target (the relative symlink survives the copy)."""
    copy = tmp_path / "target"
    shutil.copytree(published["target"], copy, symlinks=True)
    return copy


@pytest.fixture
def site_copy(tmp_path) -> Path:
    """The tiny site as first published."""
    return write_site(tmp_path / "site", SITE)


# ---- two good publishes ----

def test_each_publish_makes_a_complete_release_live(published):
    target = published["target"]
    releases = sorted(p.name for p in (target / "releases").iterdir())
    assert len(releases) == 2 and all(publish.RELEASE_NAME.match(name) for name in releases)
    assert published["after_first"]["link"] == f"releases/{releases[0]}"
    assert os.readlink(target / "current") == f"releases/{releases[1]}"  # relative: the folder can move
    # Each release is the whole site a build makes for the same moment, search index included.
    first, second = published["builds"]
    assert {k: v for k, v in published["after_first"]["digest"].items() if not k.startswith("pagefind/")} \
        == site_files(first)
    assert site_files(target / "current") == site_files(second)
    assert (target / "current" / "pagefind" / "pagefind.js").is_file()
    assert (target / "current" / ".next-change").read_text(encoding="utf-8") == "2016-09-29T00:00:00+02:00\n"
    assert f"viser nu releases/{releases[1]}" in published["second"].stderr
    assert "Næste ændring af sig selv: torsdag den 29. september 2016 kl. 0.00" in published["second"].stderr
    state = State.from_text((target / ".published").read_text(encoding="utf-8"))
    assert state == State(published=dt.datetime(2016, 9, 1, 12, 0, tzinfo=CPH), release=releases[1],
                          next_change=dt.datetime(2016, 9, 29, tzinfo=CPH))


def test_the_live_path_is_never_missing_during_a_publish(published):
    watcher, releases = published["watcher"], sorted((published["target"] / "releases").iterdir())
    assert watcher.looks > 100
    assert watcher.missing == 0
    assert watcher.targets == {f"releases/{p.name}" for p in releases}  # it saw the switch


# ---- failures leave the live site as it was ----

@pytest.mark.parametrize("files, expected", [
    ({"content/meetings/borgermoede.md": base_files()["content/meetings/borgermoede.md"].replace("17:00", '"25:00"')},
     "content/meetings/borgermoede.md:4: start:"),
    ({"content/pages/om.md": "---\ntitle: Om panelet\n---\nBarnets CPR-nummer er 010203-1234.\n"},
     "content/pages/om.md:4:"),
], ids=["broken-time", "cpr-number"])
def test_content_problems_stop_publish_and_the_live_site_is_untouched(site_copy, target_copy, files, expected):
    before = whole_target(target_copy)
    write_site(site_copy, files)
    result = run_publish(site_copy, target_copy)
    assert result.returncode == 1, result.stderr
    assert expected in result.stderr
    assert f"Intet er udgivet; det offentlige site i {target_copy} er uændret." in result.stderr
    assert whole_target(target_copy) == before


def _templates_with_image_without_alt(site: Path) -> None:
    shutil.copytree(ROOT / "templates", site / "templates")
    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "<h1>{{ title }}</h1>", '<h1>{{ title }}</h1>\n<img src="{{ url(\'/static/favicon.ico\') }}">'), encoding="utf-8")


VAGUE_LINK = {"content/pages/om.md": "---\ntitle: Om panelet\n---\nLæs om os [her](/moeder/).\n"}


@pytest.mark.parametrize("change, args, expected", [
    (_templates_with_image_without_alt, [], "Tilgængelighed (axe image-alt"),
    (lambda site: write_site(site, {"content/pages/om.md": "---\ntitle: Om panelet\n---\nSe [mødet](/moeder/intet/).\n"}),
     [], "content/pages/om.md:1: Siden /om/ linker til"),
    (lambda site: write_site(site, VAGUE_LINK), ["--strict"], "content/pages/om.md:4:"),
], ids=["accessibility", "broken-link", "warning-with-strict"])
def test_gates_stop_publish_and_the_live_site_is_untouched(site_copy, target_copy, change, args, expected):
    before = whole_target(target_copy)
    change(site_copy)
    result = run_publish(site_copy, target_copy, *args)
    assert result.returncode == 1, result.stderr
    assert expected in result.stderr
    assert "Udgivelsen er stoppet af" in result.stderr and "er uændret." in result.stderr
    assert whole_target(target_copy) == before


# ---- rollback ----

def test_rollback_restores_the_previous_release(published, target_copy):
    second_link = os.readlink(target_copy / "current")
    result = run_cli("rollback", "--target", str(target_copy))
    assert result.returncode == 0, result.stderr
    assert os.readlink(target_copy / "current") == published["after_first"]["link"]
    assert live_digest(target_copy) == published["after_first"]["digest"]
    assert "Rullet tilbage" in result.stderr
    assert (target_copy / second_link).is_dir()  # kept: publishing again brings it back
    again = run_cli("rollback", "--target", str(target_copy))
    assert again.returncode == 1
    assert "ingen tidligere udgave" in again.stderr
    assert os.readlink(target_copy / "current") == published["after_first"]["link"]


def test_rollback_follows_the_history_not_the_release_names(published, target_copy, site_copy):
    """Publish v1, v2, rollback (v1 live), publish v3, rollback: v1 is live again, never the withdrawn v2.

    v3 carries a warning: it is published with its level named (not stopped, without --strict)."""
    v1, v2 = (published["after_first"]["link"], os.readlink(target_copy / "current"))
    assert run_cli("rollback", "--target", str(target_copy)).returncode == 0
    write_site(site_copy, {"content/updates/nyhed.md": NEWS.format(title="Nyhed om det tredje site"), **VAGUE_LINK})
    third = run_publish(site_copy, target_copy, "--keep", "5")
    assert third.returncode == 0, third.stderr
    assert any(line.startswith("content/pages/om.md:4:") and line.endswith("[advarsel]")
               for line in third.stderr.splitlines())
    assert "0 fejl, 0 blokerer udgivelse, 1 advarsel" in third.stderr.splitlines()[-1]
    v3 = os.readlink(target_copy / "current")
    assert "Gamle udgaver slettet" in third.stderr and v2.removeprefix("releases/") in third.stderr  # withdrawn
    result = run_cli("rollback", "--target", str(target_copy))
    assert result.returncode == 0, result.stderr
    assert os.readlink(target_copy / "current") == v1  # by the names it would have been v2
    assert live_digest(target_copy) == published["after_first"]["digest"]
    assert f"{v3.removeprefix('releases/')} er trukket tilbage" in result.stderr
    before = whole_target(target_copy)
    again = run_cli("rollback", "--target", str(target_copy))
    assert again.returncode == 1 and "ingen tidligere udgave før" in again.stderr
    assert whole_target(target_copy) == before
    listed = run_cli("releases", "--target", str(target_copy))
    assert listed.returncode == 0, listed.stderr
    one, two, three = (link.removeprefix("releases/") for link in (v1, v2, v3))
    assert [re.sub(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  ", "", line) for line in listed.stdout.splitlines()] == [
        f"rullet tilbage til {one}; {three} trukket tilbage  [offentlig nu]",
        f"udgivet {three} (bygget for 2016-09-01 12:00)  [trukket tilbage]",
        f"rullet tilbage til {one}; {two} trukket tilbage",
        f"udgivet {two} (bygget for 2016-09-01 12:00)  [trukket tilbage, slettet]",
        f"udgivet {one} (bygget for 2016-09-01 12:00)",
    ]
    assert "Der er ingen tidligere udgave at rulle tilbage til." in listed.stderr


def test_scheduled_publishing_waits_after_a_rollback(published, target_copy):
    assert run_cli("rollback", "--target", str(target_copy)).returncode == 0
    before = whole_target(target_copy)
    result = run_publish(published["site"], target_copy, "--if-due", now="2016-09-05T12:00")
    assert result.returncode == 0, result.stderr
    assert "rullet tilbage" in result.stderr
    assert whole_target(target_copy) == before


# ---- scheduled publishing ----

def test_if_due_does_nothing_before_the_next_change(published, target_copy):
    before = whole_target(target_copy)
    result = run_publish(published["site"], target_copy, "--if-due", now="2016-09-01T18:00")
    assert result.returncode == 0, result.stderr
    assert "Ingen udgivelse nødvendig" in result.stderr and "29. september 2016" in result.stderr
    assert whole_target(target_copy) == before


# ---- dry run ----

def test_dry_run_lists_exactly_the_changed_pages_and_changes_nothing(published, target_copy, site_copy):
    before = whole_target(target_copy)
    write_site(site_copy, {
        "content/updates/nyhed.md": NEWS.format(title="Nyhed om kvalitetsarbejdet"),
        "content/pages/om.md": None,
        "content/pages/kontakt.md": "---\ntitle: Kontakt\n---\nSkriv til os.\n",
    })
    result = run_publish(site_copy, target_copy, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "tilføjet: /kontakt/",
        "ændret: /",  # the front page lists the latest updates
        "ændret: /sitemap.xml",  # one address more, one less
        "ændret: /status/",
        "ændret: /status/feed.xml",
        "ændret: /status/nyhed/",
        "fjernet: /om/",
    ]
    assert "Prøvekørsel: 1 tilføjet, 5 ændret, 1 fjernet" in result.stderr
    assert whole_target(target_copy) == before


# ---- over ssh ----

@pytest.fixture
def fake_ssh(tmp_path, monkeypatch) -> Path:
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed (apt-get install rsync; .ci/run does it)")
    script = write_fake_ssh(tmp_path / "bin")
    monkeypatch.setenv("PUBLISH_SSH", str(script))
    monkeypatch.setenv("PUBLISH_RSYNC", "rsync")
    return script


def test_publish_over_ssh_with_ssh_replaced_by_a_local_shell(published, site_copy, tmp_path, fake_ssh):
    remote = tmp_path / "remote"
    spec = f"web@server.example:{remote}"
    first = run_publish(site_copy, spec)
    assert first.returncode == 0, first.stderr
    (one,) = sorted(p.name for p in (remote / "releases").iterdir())
    assert os.readlink(remote / "current") == f"releases/{one}"
    assert site_files(remote / "current") == site_files(published["builds"][0])
    assert State.from_text((remote / ".published").read_text(encoding="utf-8")).release == one

    # A second release: the changed page is new, unchanged files are hard links into the first.
    write_site(site_copy, {"content/updates/nyhed.md": NEWS.format(title="Nyhed fra serveren")})
    dry = run_publish(site_copy, spec, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "ændret: /status/nyhed/" in dry.stdout.splitlines() and "tilføjet" not in dry.stdout
    folder = tmp_path / "built"
    assert run_cli("build", "--site", str(site_copy), "--out", str(folder), "--now", NOW).returncode == 0
    target = open_target(spec)
    two = "29990101T000000Z-0000abcd"
    publish.deploy(target, folder, two, 1, State(published=None, release=two, next_change=None), clock(0))
    assert os.readlink(remote / "current") == f"releases/{two}"
    style = next(p.name for p in (remote / "current" / "static").iterdir() if re.match(r"style\.\w{8}\.css", p.name))
    assert (remote / "releases" / one / "static" / style).stat().st_ino == (remote / "current" / "static" / style).stat().st_ino
    assert (remote / "releases" / one / "status/nyhed/index.html").stat().st_ino \
        != (remote / "current" / "status/nyhed/index.html").stat().st_ino
    assert "Nyhed fra serveren" in (remote / "current" / "status/nyhed/index.html").read_text(encoding="utf-8")
    assert not list((remote / "releases").glob(".*"))  # no half-copied release left behind

    rollback = run_cli("rollback", "--target", spec)
    assert rollback.returncode == 0, rollback.stderr
    assert os.readlink(remote / "current") == f"releases/{one}"
    assert State.from_text((remote / ".published").read_text(encoding="utf-8")).held
    # The history, read and written over ssh: the rollback withdrew `two`, and nothing is left before `one`.
    assert [(e.kind, e.release, e.before) for e in target.inventory().history] == [
        (publish.PUBLISHED, one, None), (publish.PUBLISHED, two, one), (publish.ROLLED_BACK, one, two)]
    again = run_cli("rollback", "--target", spec)
    assert again.returncode == 1 and "ingen tidligere udgave" in again.stderr
    listed = run_cli("releases", "--target", spec)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0].endswith(f"rullet tilbage til {one}; {two} trukket tilbage  [offentlig nu]")


# ---- web server snippets ----


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nginx_serves_a_published_site_as_the_snippet_says(published, tmp_path):
    """Runs nginx with docs/webserver/nginx.conf on the published target (.ci/run installs nginx-light)."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    assert nginx is not None, "nginx is not installed: apt-get install -y nginx-light (.ci/run does it)"
    prefix, statement = server_paths()
    port = _free_port()
    snippet = (ROOT / "docs/webserver/nginx.conf").read_text(encoding="utf-8")
    (tmp_path / "site.conf").write_text(snippet.replace("/srv/kvalitet", str(published["target"])), encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {tmp_path}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # workers must read pytest's private temp folder
        + f"daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ include /etc/nginx/mime.types; default_type application/octet-stream; access_log off; {temp}\n"
        f"  server {{ listen 127.0.0.1:{port}; include {tmp_path}/site.conf; }} }}\n", encoding="utf-8")
    server = subprocess.Popen([nginx, "-c", str(tmp_path / "nginx.conf")], stderr=subprocess.PIPE)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def head(path: str):
        try:
            with opener.open(f"http://127.0.0.1:{port}{prefix}{path.lstrip('/')}", timeout=5) as response:
                return response.status, response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.headers

    try:
        deadline = time.monotonic() + 10
        while True:  # until nginx listens: it stops at once if it cannot (the port taken, a wrong config)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                assert server.poll() is None, f"nginx stopped: {server.stderr.read().decode(errors='replace')}"
                assert time.monotonic() < deadline, "nginx did not listen within 10 s"
                time.sleep(0.05)
        live = published["target"] / "current"
        style = next(p.name for p in (live / "static").iterdir() if re.match(r"style\.[0-9a-f]{8}\.css$", p.name))
        status, headers = head("was")
        assert status == 302 and headers["Location"].endswith(statement)
        status, headers = head("/")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Cache-Control"] == "public, max-age=300"
        status, headers = head(f"static/{style}")
        assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert head("static/style.css")[1]["Cache-Control"] == "public, max-age=300"
        assert head("moeder/kalender.ics")[1]["Content-Type"] == "text/calendar; charset=utf-8"
        assert head("status/feed.xml")[1]["Content-Type"] == "application/atom+xml; charset=utf-8"
        status, headers = head("findes-ikke/")
        assert status == 404 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert head(".next-change")[0] == 404 and head("static/.hemmelig")[0] == 404
    finally:
        server.terminate()
        server.wait(timeout=10)
