"""Publishing's rules in memory and on tiny folders: the switch of `current` is one rename, when a
scheduled publish is due, release names and pruning, one publish at a time, target specs, and the web
server snippets that follow data/site.yaml. (Publishing through build.py: tests/integration/test_publish_cli.py,
tests/browser/test_publish.py.)"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.output import publish
from sitegen.output.publish import (
    LocalTarget,
    SshTarget,
    State,
    open_target,
    publish_due,
    release_name,
    releases_to_prune,
)
from tests.publishkit import server_paths
from tests.sitekit import ROOT, write_site

CPH = ZoneInfo("Europe/Copenhagen")


def test_the_switch_is_one_rename_of_a_new_symlink(tmp_path, monkeypatch):
    for name in ("20160901T100000Z-aaaaaaaa", "20160901T110000Z-bbbbbbbb"):
        write_site(tmp_path / "releases" / name, {"index.html": name})
    target = LocalTarget(tmp_path)
    target.activate("20160901T100000Z-aaaaaaaa")
    calls = []
    real_replace = os.replace

    def spy_replace(source, destination):
        calls.append((Path(source).name, os.readlink(source), Path(destination).name))
        assert (tmp_path / "current").is_symlink()  # the old link is there until the rename itself
        real_replace(source, destination)

    monkeypatch.setattr(publish.os, "replace", spy_replace)
    monkeypatch.setattr(publish.os, "unlink", lambda *a, **k: pytest.fail("current must never be removed"))
    target.activate("20160901T110000Z-bbbbbbbb")
    assert len(calls) == 1
    link, points_to, onto = calls[0]
    assert link.startswith("current.tmp-") and points_to == "releases/20160901T110000Z-bbbbbbbb" and onto == "current"
    assert (tmp_path / "current" / "index.html").read_text() == "20160901T110000Z-bbbbbbbb"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "releases"]


def at(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CPH) if text else None


@pytest.mark.parametrize("now, published_at, next_change, held, due", [
    ("2016-09-01T12:00", None, None, False, True),  # never published
    ("2016-09-01T12:15", "2016-09-01T12:00", "2016-09-29T00:00", False, False),
    ("2016-09-02T11:59", "2016-09-01T12:00", "2016-09-29T00:00", False, False),
    ("2016-09-02T12:00", "2016-09-01T12:00", "2016-09-29T00:00", False, True),  # a day later
    ("2016-09-01T12:15", "2016-09-01T12:00", "2016-09-01T12:10", False, True),  # the site changed by itself
    ("2016-09-01T12:09", "2016-09-01T12:00", "2016-09-01T12:10", False, False),
    ("2016-09-05T12:00", "2016-09-01T12:00", None, False, True),  # nothing scheduled: still daily
    ("2016-09-05T12:00", "2016-09-01T12:00", "2016-09-02T00:00", True, False),  # rolled back: wait
])
def test_publish_due(now, published_at, next_change, held, due):
    state = State(published=at(published_at), release=None, next_change=at(next_change), held=held) \
        if published_at else None
    assert publish_due(at(now), state) is due


def test_publish_due_across_the_end_of_summer_time():
    # Published at 12:00 summer time; a day later is 11:00 winter time on the clock.
    state = State(published=at("2016-10-29T12:00"), release=None, next_change=None)
    assert not publish_due(dt.datetime.fromisoformat("2016-10-30T10:59+01:00"), state)
    assert publish_due(dt.datetime.fromisoformat("2016-10-30T11:00+01:00"), state)


def test_state_survives_garbage():
    assert State.from_text("ikke json") is None
    assert State.from_text('{"published": "i går"}') is None


def test_release_names_sort_in_publishing_order():
    clock = dt.datetime(2016, 9, 1, 10, 0, 0, 500, tzinfo=dt.UTC)
    first = release_name("aaaaaaaa", clock, ())
    assert first == "20160901T100000Z-aaaaaaaa"
    second = release_name("00000000", clock, (first,))  # same second, smaller hash: still later
    assert second == "20160901T100001Z-00000000" and sorted([second, first]) == [first, second]
    assert release_name("bbbbbbbb", clock - dt.timedelta(hours=1), (first,)) == "20160901T100001Z-bbbbbbbb"


RELEASES = tuple(f"2016090{day}T100000Z-0000000{day}" for day in range(1, 7))


@pytest.mark.parametrize("live, keep, kept", [
    (RELEASES[5], 5, RELEASES[1:]),
    (RELEASES[5], 2, RELEASES[4:]),
    (RELEASES[5], 1, RELEASES[4:]),  # never the previous one: rollback needs it
    (RELEASES[1], 2, (RELEASES[0], RELEASES[1], RELEASES[4], RELEASES[5])),  # rolled back: live and previous stay
])
def test_releases_to_prune(live, keep, kept):
    assert releases_to_prune(RELEASES, live, keep) == [r for r in RELEASES if r not in kept]


def test_one_publish_at_a_time_per_target(tmp_path):
    target = LocalTarget(tmp_path / "target")
    with publish.target_lock(target):
        with pytest.raises(publish.PublishError, match="en anden udgivelse til .* er i gang"):
            with publish.target_lock(LocalTarget(tmp_path / "target")):
                pass
    with publish.target_lock(target):  # released, and no lock file left behind
        pass
    assert not list(Path(publish.tempfile.gettempdir()).glob(
        f"sitegen-publish-{publish.hashlib.sha256(str(target).encode()).hexdigest()[:16]}.lock"))


def test_deploy_keeps_the_newest_releases(tmp_path):
    target = LocalTarget(tmp_path / "target")
    for name in RELEASES:
        write_site(target.root / "releases" / name, {"index.html": name})
    target.activate(RELEASES[-1])
    folder = write_site(tmp_path / "new", {"index.html": "ny", "static/a.css": "a{}"})
    name = "20160910T100000Z-12345678"
    pruned = publish.deploy(target, folder, name, 3, State(published=None, release=name, next_change=None))
    assert pruned == list(RELEASES[:4])
    assert sorted(p.name for p in (target.root / "releases").iterdir()) == [*RELEASES[4:], name]
    assert (target.root / "current" / "index.html").read_text() == "ny"


def test_target_specs():
    assert isinstance(open_target("/srv/kvalitet"), LocalTarget)
    assert isinstance(open_target("./udgivet:ny"), LocalTarget)  # a slash before the colon: local, as in rsync
    remote = open_target("web@server.lejre.dk:/srv/kvalitet/")
    assert isinstance(remote, SshTarget) and (remote.host, remote.path) == ("web@server.lejre.dk", "/srv/kvalitet")
    with pytest.raises(ValueError):
        open_target("server:/srv/$(rm -rf ~)")
    with pytest.raises(ValueError):
        open_target("-oProxyCommand=touch_x:/srv")


def test_webserver_snippets_follow_site_yaml():
    prefix, statement = server_paths()
    nginx = (ROOT / "docs" / "webserver" / "nginx.conf").read_text(encoding="utf-8")
    apache = (ROOT / "docs" / "webserver" / "apache.conf").read_text(encoding="utf-8")
    assert f"location = {prefix}was {{\n    return 302 {statement};" in nginx
    assert f'RedirectMatch 302 "^{prefix}was$" "{statement}"' in apache
    for snippet in (nginx, apache):
        assert "text/calendar; charset=utf-8" in snippet and "application/atom+xml; charset=utf-8" in snippet
        assert f"{prefix}404.html" in snippet and "max-age=31536000, immutable" in snippet
