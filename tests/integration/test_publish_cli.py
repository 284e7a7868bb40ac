"""`build.py publish` and `rollback` where they stop before the gates: wrong usage, a folder in place of
`current`, nothing published yet, a dry run against nothing, ssh failing; `rollback` and `releases` on
targets deployed without the gates (the history they follow and list, over ssh too); and `make
publish`'s options. (Publishes past the gates run axe in Chromium: tests/browser/test_publish.py.)"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from sitegen.output import publish
from sitegen.output.publish import LocalTarget, open_target
from tests.publishkit import FAKE_SSH, SITE, clock, deploy_page, run_publish, write_fake_ssh
from tests.sitekit import ROOT, run_cli, tree_digest, write_site


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


# ---- rollback and releases follow the history ----

@pytest.fixture
def rolled_back_twice(tmp_path):
    """The issue's sequence, at explicit moments: publish v1, v2, rollback, publish v3, rollback."""
    target = LocalTarget(tmp_path / "www")
    v1 = deploy_page(target, tmp_path, "v1", 1)
    v2 = deploy_page(target, tmp_path, "v2", 2)
    publish.roll_back(target, clock(3))
    v3 = deploy_page(target, tmp_path, "v3", 4)
    publish.roll_back(target, clock(5))
    return target, (v1, v2, v3)


def test_releases_lists_the_history_newest_first(rolled_back_twice):
    target, (v1, v2, v3) = rolled_back_twice
    result = run_cli("releases", "--target", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"2016-09-01 12:05:00  rullet tilbage til {v1}; {v3} trukket tilbage  [offentlig nu]",
        f"2016-09-01 12:04:00  udgivet {v3} (bygget for 2016-09-01 12:00)  [trukket tilbage]",
        f"2016-09-01 12:03:00  rullet tilbage til {v1}; {v2} trukket tilbage",
        f"2016-09-01 12:02:00  udgivet {v2} (bygget for 2016-09-01 12:00)  [trukket tilbage, slettet]",
        f"2016-09-01 12:01:00  udgivet {v1} (bygget for 2016-09-01 12:00)",
    ]
    assert result.stderr.splitlines() == [f"Offentligt nu: {target}/current viser releases/{v1}.",
                                          "Der er ingen tidligere udgave at rulle tilbage til."]


def test_rollback_with_nothing_left_says_why_and_changes_nothing(rolled_back_twice):
    target, (v1, _, _) = rolled_back_twice
    before = tree_digest(target.root), os.readlink(target.root / "current")
    result = run_cli("rollback", "--target", str(target))
    assert result.returncode == 1
    assert f"fejl: der er ingen tidligere udgave før {v1} i {target} at rulle tilbage til" in result.stderr
    assert "trukket tilbage" in result.stderr
    assert (tree_digest(target.root), os.readlink(target.root / "current")) == before


def test_releases_says_where_rollback_goes(tmp_path):
    target = LocalTarget(tmp_path / "www")
    v1 = deploy_page(target, tmp_path, "v1", 1)
    v2 = deploy_page(target, tmp_path, "v2", 2)
    result = run_cli("releases", "--target", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"2016-09-01 12:02:00  udgivet {v2} (bygget for 2016-09-01 12:00)  [offentlig nu]"
    assert f"make rollback gør releases/{v1} offentlig igen." in result.stderr
    rollback = run_cli("rollback", "--target", str(target))
    assert rollback.returncode == 0, rollback.stderr
    assert f"viser nu releases/{v1} i stedet for {v2}. {v2} er trukket tilbage" in rollback.stderr


def test_releases_of_nothing_and_of_a_target_older_than_the_history(tmp_path):
    empty = run_cli("releases", "--target", str(tmp_path / "tom"))
    assert (empty.returncode, empty.stdout, empty.stderr) == (0, "", f"Intet er udgivet i {tmp_path / 'tom'}.\n")
    old = "20160901T100000Z-aaaaaaaa"
    write_site(tmp_path / "www" / "releases" / old, {"index.html": "gammel"})
    LocalTarget(tmp_path / "www").activate(old)
    listed = run_cli("releases", "--target", str(tmp_path / "www"))
    assert listed.returncode == 0 and listed.stdout == ""
    assert "har ingen historik (history.jsonl): sitet er udgivet, før historikken blev indført" in listed.stderr
    before = tree_digest(tmp_path / "www")
    rollback = run_cli("rollback", "--target", str(tmp_path / "www"))
    assert rollback.returncode == 1 and "Der rulles ikke tilbage. Udgiv med make publish" in rollback.stderr
    assert tree_digest(tmp_path / "www") == before


def test_releases_with_a_bad_target_or_an_unreadable_history(tmp_path):
    bad = run_cli("releases", "--target", "server:/srv/kvalitet og mere")
    assert bad.returncode == 2 and "må kun indeholde" in bad.stderr
    own = run_cli("releases", "--target", str(ROOT))
    assert own.returncode == 2 and "må ikke være eller indeholde sitets egne filer" in own.stderr
    write_site(tmp_path / "www", {"history.jsonl": "{ikke json\n"})
    broken = run_cli("releases", "--target", str(tmp_path / "www"))
    assert broken.returncode == 1 and "history.jsonl kan ikke læses (linje 1:" in broken.stderr


def test_the_history_over_ssh(tmp_path, monkeypatch):
    """Read with the inventory, written on stdin and renamed on only when it arrived whole."""
    remote = tmp_path / "remote"
    local = LocalTarget(remote)
    v1 = deploy_page(local, tmp_path, "v1", 1)
    v2 = deploy_page(local, tmp_path, "v2", 2)
    monkeypatch.setenv("PUBLISH_SSH", str(write_fake_ssh(tmp_path / "bin")))
    target = open_target(f"web@server.example:{remote}")
    assert target.inventory().history == local.inventory().history
    recorded = (remote / "history.jsonl").read_bytes()
    # The connection drops half way through sending the new history: the old one stays, whole.
    cut_off = FAKE_SSH.replace('exec sh -c "$*"', 'head -c 50 | sh -c "$*"')
    assert cut_off != FAKE_SSH
    monkeypatch.setenv("PUBLISH_SSH", str(write_fake_ssh(tmp_path / "cut", cut_off)))
    with pytest.raises(publish.PublishError, match="kunne ikke skrive history.jsonl.*Det offentlige site er uændret"):
        publish.roll_back(open_target(f"web@server.example:{remote}"), clock(3))
    assert (remote / "history.jsonl").read_bytes() == recorded
    assert os.readlink(remote / "current") == f"releases/{v2}"
    assert sorted(p.name for p in remote.iterdir()) == [".published", "current", "history.jsonl", "releases"]
    monkeypatch.setenv("PUBLISH_SSH", str(tmp_path / "bin" / "ssh"))
    result = run_cli("rollback", "--target", f"web@server.example:{remote}")
    assert result.returncode == 0, result.stderr
    assert os.readlink(remote / "current") == f"releases/{v1}"
    assert [(e.kind, e.release, e.withdrawn) for e in local.inventory().history][-1] == (publish.ROLLED_BACK, v1, v2)


def test_make_passes_the_publish_options():
    result = subprocess.run(["make", "-n", "publish", "PUBLISH_TARGET=web@server:/srv/kvalitet", "PUBLISH_KEEP=3",
                             "DRY_RUN=1", "NOW=2016-09-01"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert 'build.py publish  --now "2016-09-01" --target "web@server:/srv/kvalitet" --keep 3 --dry-run' in result.stdout
    missing = subprocess.run(["make", "-o", ".venv/.installed-runtime", "rollback", "PUBLISH_TARGET="], cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode != 0 and "make rollback PUBLISH_TARGET=" in missing.stderr
    releases = subprocess.run(["make", "-n", "-o", ".venv/.installed-runtime", "releases",
                               "PUBLISH_TARGET=web@server:/srv/kvalitet"], cwd=ROOT, capture_output=True, text=True)
    assert releases.returncode == 0 and 'build.py releases --target "web@server:/srv/kvalitet"' in releases.stdout
    missing = subprocess.run(["make", "-o", ".venv/.installed-runtime", "releases", "PUBLISH_TARGET="], cwd=ROOT,
                             capture_output=True, text=True)
    assert missing.returncode != 0 and "make releases PUBLISH_TARGET=" in missing.stderr
