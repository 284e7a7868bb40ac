"""Publishing's rules in memory and on tiny folders: the switch of `current` is one rename, when a
scheduled publish is due, release names and pruning, the history rollback follows, one publish at a
time, target specs, and the web server snippets that follow data/site.yaml. (Publishing through build.py: tests/integration/test_publish_cli.py,
tests/browser/test_publish.py.)"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.output import publish
from sitegen.output.publish import (
    PUBLISHED,
    ROLLED_BACK,
    Event,
    LocalTarget,
    PublishError,
    SshTarget,
    State,
    open_target,
    parse_history,
    publish_due,
    release_name,
    releases_to_prune,
    rollback_target,
)
from tests.publishkit import BUILT_FOR, clock, deploy_page, server_paths
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


@pytest.mark.parametrize("live, keep, withdrawn, back_to, kept", [
    (RELEASES[5], 5, set(), RELEASES[4], RELEASES[1:]),
    (RELEASES[5], 2, set(), RELEASES[4], RELEASES[4:]),
    (RELEASES[5], 1, set(), RELEASES[4], RELEASES[4:]),  # never where rollback goes
    (RELEASES[5], 1, {RELEASES[4]}, RELEASES[2], (RELEASES[2], RELEASES[5])),  # not the one before by name
    (RELEASES[5], 3, {RELEASES[3], RELEASES[4]}, RELEASES[2], RELEASES[1:3] + RELEASES[5:]),  # withdrawn go first
    (RELEASES[5], 5, set(), None, RELEASES[1:]),  # nothing to roll back to
])
def test_releases_to_prune(live, keep, withdrawn, back_to, kept):
    assert releases_to_prune(RELEASES, live, keep, withdrawn=withdrawn, back_to=back_to) \
        == [r for r in RELEASES if r not in kept]


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
    pruned = publish.deploy(target, folder, name, 3, State(published=None, release=name, next_change=None),
                            dt.datetime(2016, 9, 10, 10, tzinfo=dt.UTC))
    assert pruned == list(RELEASES[:4])
    assert sorted(p.name for p in (target.root / "releases").iterdir()) == [*RELEASES[4:], name]
    assert (target.root / "current" / "index.html").read_text() == "ny"


# ---- the history rollback follows ----

def live_text(target: LocalTarget) -> str:
    return (target.root / "current" / "index.html").read_text()


def test_rollback_never_brings_back_a_release_a_rollback_withdrew(tmp_path):
    """The issue's sequence: publish v1, v2, rollback (v1 live), publish v3, rollback: v1, not v2."""
    target = LocalTarget(tmp_path / "target")
    v1 = deploy_page(target, tmp_path, "v1", 1)
    v2 = deploy_page(target, tmp_path, "v2", 2)
    assert publish.roll_back(target, clock(3)) == (v2, v1)
    v3 = deploy_page(target, tmp_path, "v3", 4)
    assert sorted(target.inventory().releases) == [v1, v3]  # v2 was withdrawn: deleted at the next publish
    assert publish.roll_back(target, clock(5)) == (v3, v1)
    assert live_text(target) == "v1"
    before = sorted(str(p.relative_to(target.root)) for p in target.root.rglob("*")), \
        (target.root / "history.jsonl").read_text(), (target.root / ".published").read_text()
    with pytest.raises(PublishError, match=f"der er ingen tidligere udgave før {v1} i .* at rulle tilbage til"):
        publish.roll_back(target, clock(6))
    assert (sorted(str(p.relative_to(target.root)) for p in target.root.rglob("*")),
            (target.root / "history.jsonl").read_text(), (target.root / ".published").read_text()) == before
    history = target.inventory().history
    assert [(e.kind, e.at, e.release, e.before, e.withdrawn) for e in history] == [
        (PUBLISHED, clock(1), v1, None, None),
        (PUBLISHED, clock(2), v2, v1, None),
        (ROLLED_BACK, clock(3), v1, v2, v2),
        (PUBLISHED, clock(4), v3, v1, None),
        (ROLLED_BACK, clock(5), v1, v3, v3),
    ]
    assert history[0].built_for == BUILT_FOR
    assert (target.root / "history.jsonl").read_text().splitlines()[2] == (
        f'{{"event": "rolled_back", "at": "2016-09-01T10:03:00Z", "release": "{v1}", "before": "{v2}", '
        f'"withdrawn": "{v2}"}}')


def test_rollback_goes_back_step_by_step_and_past_deleted_releases(tmp_path):
    target = LocalTarget(tmp_path / "target")
    v1, v2, v3, v4 = (deploy_page(target, tmp_path, f"v{n}", n) for n in range(1, 5))
    assert publish.roll_back(target, clock(10)) == (v4, v3)
    assert publish.roll_back(target, clock(11)) == (v3, v2)
    v5 = deploy_page(target, tmp_path, "v5", 12)
    target.remove([v2])  # gone by hand: rollback goes past it, by what was live before it
    assert publish.roll_back(target, clock(13)) == (v5, v1)
    assert live_text(target) == "v1"


def test_rollback_target_follows_the_recorded_befores():
    v1, v2, v3 = RELEASES[:3]
    history = (Event(PUBLISHED, clock(1), v1, None), Event(PUBLISHED, clock(2), v2, v1),
               Event(ROLLED_BACK, clock(3), v1, v2, withdrawn=v2), Event(PUBLISHED, clock(4), v3, v1))
    assert rollback_target(history, v3, RELEASES) == v1  # by names it would be v2, which was withdrawn
    assert rollback_target(history, v1, RELEASES) is None
    assert rollback_target(history, v3, (v2, v3)) is None  # v1 deleted, v2 withdrawn: nothing left
    assert rollback_target(history, RELEASES[4], RELEASES) is None  # a release the history does not know


def test_pruning_keeps_the_live_release_and_where_rollback_goes(tmp_path):
    target = LocalTarget(tmp_path / "target")
    v1 = deploy_page(target, tmp_path, "v1", 1, keep=1)
    v2 = deploy_page(target, tmp_path, "v2", 2, keep=1)
    publish.roll_back(target, clock(3))
    v3 = deploy_page(target, tmp_path, "v3", 4, keep=1)
    assert target.inventory().releases == (v1, v3)  # not v2, the one before v3 by name: it was withdrawn
    assert v2 not in target.inventory().releases
    assert publish.roll_back(target, clock(5)) == (v3, v1)


def test_a_target_without_history_is_not_rolled_back_until_a_publish_starts_one(tmp_path):
    """Published before the history existed: which releases a rollback withdrew is unknown."""
    target = LocalTarget(tmp_path / "target")
    old = RELEASES[:3]
    for name in old:
        write_site(target.root / "releases" / name, {"index.html": name})
    target.activate(old[1])  # perhaps rolled back from old[2], perhaps not: nobody knows
    with pytest.raises(PublishError, match="har ingen historik .*Der rulles ikke tilbage"):
        publish.roll_back(target, clock(1))
    assert os.readlink(target.root / "current") == f"releases/{old[1]}" and not (target.root / "history.jsonl").exists()
    new = deploy_page(target, tmp_path, "ny", 2)
    assert [(e.release, e.before) for e in target.inventory().history] == [(new, old[1])]
    assert publish.roll_back(target, clock(3)) == (new, old[1])  # what was live before, recorded
    with pytest.raises(PublishError, match="ingen tidligere udgave"):
        publish.roll_back(target, clock(4))


def test_a_live_release_the_history_does_not_know_is_not_rolled_back(tmp_path):
    target = LocalTarget(tmp_path / "target")
    deploy_page(target, tmp_path, "v1", 1)
    stranger = "20991231T000000Z-0000abcd"
    write_site(target.root / "releases" / stranger, {"index.html": "ad hoc"})
    target.activate(stranger)  # switched by hand
    with pytest.raises(PublishError, match=f"nævner ikke den udgivne udgave {stranger}"):
        publish.roll_back(target, clock(2))
    assert live_text(target) == "ad hoc"


def test_an_interrupted_history_write_loses_no_record_and_changes_nothing(tmp_path, monkeypatch):
    target = LocalTarget(tmp_path / "target")
    v1 = deploy_page(target, tmp_path, "v1", 1)
    v2 = deploy_page(target, tmp_path, "v2", 2)
    recorded = (target.root / "history.jsonl").read_bytes()
    link = os.readlink(target.root / "current")
    real_fsync = os.fsync

    def cut_off(descriptor):  # the disk fills, or the power goes, half way through the new history
        os.ftruncate(descriptor, 40)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish.os, "fsync", cut_off)
    with pytest.raises(PublishError, match="history.jsonl kunne ikke skrives .*Det offentlige site er uændret"):
        deploy_page(target, tmp_path, "v3", 3)
    assert (target.root / "history.jsonl").read_bytes() == recorded
    assert os.readlink(target.root / "current") == link
    assert sorted(p.name for p in target.root.iterdir()) == [".published", "current", "history.jsonl", "releases"]
    assert len(target.inventory().releases) == 2  # the new release never went live: not kept
    with pytest.raises(PublishError, match="kunne ikke skrives"):
        publish.roll_back(target, clock(4))
    assert (target.root / "history.jsonl").read_bytes() == recorded and os.readlink(target.root / "current") == link
    monkeypatch.setattr(publish.os, "fsync", real_fsync)
    assert publish.roll_back(target, clock(5)) == (v2, v1)  # every record still there to follow


def test_a_failed_switch_takes_the_event_back(tmp_path, monkeypatch):
    target = LocalTarget(tmp_path / "target")
    deploy_page(target, tmp_path, "v1", 1)
    recorded = (target.root / "history.jsonl").read_text()

    def broken(self, name):
        raise PublishError("current kunne ikke skiftes")

    monkeypatch.setattr(LocalTarget, "activate", broken)
    with pytest.raises(PublishError, match="Det offentlige site er uændret"):
        deploy_page(target, tmp_path, "v2", 2)
    assert (target.root / "history.jsonl").read_text() == recorded


@pytest.mark.parametrize("text, line", [
    ("ikke json\n", 1),
    ('{"event": "published", "at": "2016-09-01T10:00:00Z", "release": "20160901T100000Z-aaaaaaaa", "before": null}\n'
     '{"event": "rolled_back", "at": "2016-09-01T10:01:00Z", "release": "x; rm -rf /", "before": null}\n', 2),
    ('{"event": "rolled_back", "at": "2016-09-01T10:00:00Z", "release": "20160901T100000Z-aaaaaaaa", '
     '"before": "20160901T100000Z-bbbbbbbb"}\n', 1),  # a rollback that withdrew nothing
    ('{"event": "published", "at": "2016-09-01T10:00:00", "release": "20160901T100000Z-aaaaaaaa", "before": null}\n',
     1),  # a time without its zone
])
def test_a_history_that_cannot_be_read_stops_everything(tmp_path, text, line):
    with pytest.raises(ValueError, match=f"linje {line}:"):
        parse_history(text)
    target = LocalTarget(tmp_path / "target")
    write_site(target.root, {"history.jsonl": text})
    with pytest.raises(PublishError, match="history.jsonl kan ikke læses .*flyt filen væk"):
        target.inventory()


def test_events_read_back_as_written():
    events = (Event(PUBLISHED, clock(1), RELEASES[0], None, built_for=at("2016-09-01T12:00")),
              Event(ROLLED_BACK, clock(2), RELEASES[0], RELEASES[1], withdrawn=RELEASES[1]))
    assert parse_history(publish.history_text(events)) == events
    assert parse_history("") == ()


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
