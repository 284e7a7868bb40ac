"""Render in forked workers and with the on-disk page cache (sitegen/cache/pagecache.py).

Whatever did the work, the result is the bytes, the order and the errors of a
plain serial render without any cache.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_build_cache import change_referenced_meeting, change_template, change_venue_address

from sitegen.cache import disk, pagecache
from sitegen.content.assemble import assemble_site
from sitegen.content.load import load_site
from sitegen.content.validate import validate_records
from sitegen.engine.pipeline import templates_for
from sitegen.render import pages as render
from sitegen.render import templating, workers
from sitegen.render.markup import Conversions
from sitegen.render.pages import render_site
from sitegen.render.templating import RenderError
from tests.corpus import generate_site
from tests.sitekit import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "full_site"
NOW = dt.datetime(2016, 10, 21, tzinfo=ZoneInfo("Europe/Copenhagen"))  # the October minutes are public
MEETING = "content/meetings/2016-10-05-borgermoede.md"  # has minutes and updates that refer to it
UPDATE = "content/updates/2016-09-20-status-i-udvalget.md"
FORKS = sys.platform.startswith("linux")
needs_fork = pytest.mark.skipif(not FORKS, reason="workers are forked, which only Linux does here")


def site_of(site_dir: Path, preview: bool = False):
    loaded = load_site(site_dir)
    records, problems = validate_records(loaded)
    assert not problems, [p.format() for p in problems]
    return assemble_site(records, NOW, preview)


def render_dir(site_dir: Path, preview: bool = False, **options) -> dict[str, bytes]:
    return render_site(site_of(site_dir, preview), templates_for(site_dir), **options)


def item_pages(site_dir: Path, preview: bool = False) -> int:
    """How many pages of single items a site has: the ones a page cache keeps."""
    return len([route for route in render.plan_routes(site_of(site_dir, preview)) if "entry" in route.context])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The full fixture site with its own copy of the templates (so tests may edit them).

    Without the caches other tests' builds of the fixture itself may have left in it.
    """
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(ROOT / "templates", site / "templates")
    return site


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The build benchmark's generated site at about 200 pages (over PARALLEL_MINIMUM items)."""
    return generate_site(tmp_path_factory.mktemp("corpus") / "site", pages=200, linked=True)


@pytest.fixture
def small_sites_in_parallel(monkeypatch) -> None:
    """The fixture site has fewer items than PARALLEL_MINIMUM: send them to workers anyway."""
    monkeypatch.setattr(workers, "PARALLEL_MINIMUM", 0)


@pytest.fixture
def worker_pids(monkeypatch, tmp_path: Path):
    """The processes that rendered pages (render_page leaves a mark), to prove workers did."""
    marks = tmp_path / "pids"
    marks.mkdir()
    plain = workers.render_page

    def marking(*args, **kwargs):
        (marks / str(os.getpid())).touch()
        return plain(*args, **kwargs)

    monkeypatch.setattr(workers, "render_page", marking)
    return lambda: {int(p.name) for p in marks.iterdir()} - {os.getpid()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- (a) workers give the serial render --------------------------------------------------------


@needs_fork
@pytest.mark.parametrize("preview", [False, True])
def test_parallel_render_equals_serial_on_fixture_site(site, small_sites_in_parallel, worker_pids, preview) -> None:
    serial = render_dir(site, preview)
    assert not worker_pids()
    parallel = render_dir(site, preview, workers=2)
    assert len(worker_pids()) >= 1  # pages were rendered in other processes
    assert parallel == serial
    assert list(parallel) == list(serial)  # the same order too


@needs_fork
def test_parallel_render_equals_serial_on_generated_site(corpus, worker_pids) -> None:
    assert item_pages(corpus) >= workers.PARALLEL_MINIMUM  # parallel without lowering the minimum
    serial_conversions, parallel_conversions = Conversions(), Conversions()
    serial = render_dir(corpus, conversions=serial_conversions)
    assert not worker_pids()
    parallel = render_dir(corpus, conversions=parallel_conversions, workers=2)
    assert len(worker_pids()) >= 1
    assert parallel == serial and list(parallel) == list(serial)
    # the workers' Markdown comes back: the conversion cache learns what a serial render teaches it
    assert list(parallel_conversions.used.items()) == list(serial_conversions.used.items())
    assert parallel_conversions.known == serial_conversions.known == {}
    assert parallel_conversions.hits == serial_conversions.hits == 0


@needs_fork
def test_parallel_render_uses_and_reports_known_conversions(corpus, worker_pids) -> None:
    first = Conversions()
    expected = render_dir(corpus, conversions=first)
    known = dict(first.used)
    serial, parallel = Conversions(dict(known)), Conversions(dict(known))
    assert render_dir(corpus, conversions=serial) == expected
    assert render_dir(corpus, conversions=parallel, workers=2) == expected
    assert worker_pids()
    assert list(parallel.used.items()) == list(serial.used.items())
    assert parallel.known == serial.known == known
    assert parallel.hits == serial.hits == len(known) > 0


@needs_fork
def test_a_worker_that_dies_costs_only_time(site, small_sites_in_parallel, monkeypatch) -> None:
    serial = render_dir(site)
    parent, plain = os.getpid(), workers.render_page

    def dying(env, site_value, route, *args, **kwargs):
        if os.getpid() != parent and route.path.startswith("status/"):
            os._exit(3)  # as if killed
        return plain(env, site_value, route, *args, **kwargs)

    monkeypatch.setattr(workers, "render_page", dying)
    conversions = Conversions()
    assert render_dir(site, conversions=conversions, workers=2) == serial
    expected = Conversions()
    render_dir(site, conversions=expected)
    assert conversions.used == expected.used


def test_no_processes_to_be_had_renders_here(site, small_sites_in_parallel, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(workers, "ProcessPoolExecutor", refuse)
    assert render_dir(site, workers=2) == render_dir(site)


def test_few_pages_or_one_worker_stay_in_this_process(site, worker_pids) -> None:
    serial = render_dir(site)
    assert render_dir(site, workers=2) == serial  # fewer items than PARALLEL_MINIMUM
    assert not worker_pids()


# Broken templates: the error a parallel render raises is the serial one, message for message.
def break_one_item(site: Path) -> None:  # a misspelt variable, on one update's page only
    edit(site / "templates" / "update.html", "{% block content %}",
         '{% block content %}{% if entry.update.slug == "2016-09-20-status-i-udvalget" %}'
         "{{ ikke_defineret }}{% endif %}")


def break_two_items(site: Path) -> None:  # two pages fail: the first in route order is reported
    edit(site / "templates" / "update.html", "{% block content %}",
         "{% block content %}{% if entry.update.date.month in (9, 12) %}{{ entry.update.ikke_her }}{% endif %}")


def break_syntax(site: Path) -> None:
    edit(site / "templates" / "minutes.html", "{% block content %}", "{% block content %}{% if %}")


def break_link(site: Path) -> None:  # Linker.url raises RenderError inside the template
    edit(site / "templates" / "initiative.html", "{% block content %}", "{% block content %}{{ url('relativ/sti') }}")


def break_list_and_item(site: Path) -> None:  # a list comes before the items
    break_one_item(site)
    edit(site / "templates" / "update_list.html", "{% block content %}", "{% block content %}{{ listefejl }}")


@needs_fork
@pytest.mark.parametrize("breakage", [break_one_item, break_two_items, break_syntax, break_link, break_list_and_item])
@pytest.mark.parametrize("cached", [False, True])
def test_parallel_errors_equal_serial_errors(site, small_sites_in_parallel, breakage, cached) -> None:
    breakage(site)
    with pytest.raises(RenderError) as serial:
        render_dir(site)
    cache = pagecache.load_page_cache(site) if cached else None
    with pytest.raises(RenderError) as parallel:
        render_dir(site, cache=cache, workers=2)
    assert parallel.value.problems == serial.value.problems
    assert all("skabelonfejl" in line or "intern adresse" in line for line in serial.value.problems)


@needs_fork
@pytest.mark.parametrize("cached", [False, True])
def test_a_path_used_twice_is_reported_before_page_errors(site, small_sites_in_parallel, cached) -> None:
    break_two_items(site)
    value = site_of(site)  # validation refuses the name; render's own check is the last line of defence
    first = value.upcoming_meetings[0]
    renamed = dataclasses.replace(first, meeting=dataclasses.replace(first.meeting, slug="kalender"))
    value = dataclasses.replace(value, upcoming_meetings=(renamed, *value.upcoming_meetings[1:]))
    with pytest.raises(RenderError) as serial:
        render_site(value, templates_for(site))
    with pytest.raises(RenderError) as parallel:
        render_site(value, templates_for(site), cache=pagecache.load_page_cache(site) if cached else None, workers=2)
    assert parallel.value.problems == serial.value.problems
    assert "giver samme adresse 'moeder/kalender.ics'" in serial.value.problems[0]


@needs_fork
@pytest.mark.parametrize("cached", [False, True])
def test_other_exceptions_equal_serial_ones(site, small_sites_in_parallel, cached) -> None:
    edit(site / "templates" / "meeting.html", "{% block content %}",
         "{% block content %}{{ entry.meeting.date.replace(month=13) }}")
    with pytest.raises(ValueError) as serial:
        render_dir(site)
    with pytest.raises(ValueError) as parallel:
        render_dir(site, cache=pagecache.load_page_cache(site) if cached else None, workers=2)
    assert str(parallel.value) == str(serial.value)


# --- (b) a page cache from disk gives a cold render, after any change ------------------------------


def change_update_body(site: Path) -> None:
    path = site / UPDATE
    path.write_text(path.read_text(encoding="utf-8") + "\nEt nyt afsnit om [mødet](/moeder/).\n", encoding="utf-8")


def change_static_file(site: Path) -> None:  # its fingerprinted name is in every page
    path = site / "templates" / "static" / "style.css"
    path.write_bytes(path.read_bytes() + b"\n/* ny */\n")


def change_site_config(site: Path) -> None:  # the organisation is in every page's header and footer
    edit(site / "data" / "site.yaml", "organisation: Testkommune", "organisation: Nykommune")


def change_menu(site: Path) -> None:  # a page into the menu: every page's menu changes
    edit(site / "content" / "pages" / "tilmelding.md", "title: Sådan tilmelder du dig",
         "title: Sådan tilmelder du dig\nmenu: 4")


CHANGED_PAGE = {  # a page each change must show up on
    change_template: "moeder/2016-10-05-borgermoede/index.html",
    change_venue_address: "moeder/2016-10-05-borgermoede/index.html",
    change_referenced_meeting: "referater/referat-oktober-2016/index.html",  # the minutes name the meeting
    change_update_body: "status/2016-09-20-status-i-udvalget/index.html",
    change_static_file: "status/2016-09-20-status-i-udvalget/index.html",
    change_site_config: "status/2016-09-20-status-i-udvalget/index.html",
    change_menu: "status/2016-09-20-status-i-udvalget/index.html",
}


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=needs_fork)])
@pytest.mark.parametrize("change", list(CHANGED_PAGE))
def test_page_cache_from_disk_gives_cold_render_after_change(site, small_sites_in_parallel, workers, change) -> None:
    cache = pagecache.load_page_cache(site)
    before = render_dir(site, cache=cache, workers=workers)
    assert pagecache.save_page_cache(site, cache)
    items = item_pages(site)
    warm = pagecache.load_page_cache(site)
    assert len(warm.pages) == items  # every item's page is kept (the templates read only what the key holds)
    assert render_dir(site, cache=warm, workers=workers) == before and warm.hits == items

    change(site)
    cache = pagecache.load_page_cache(site)
    after = render_dir(site, cache=cache, workers=workers)
    cold = render_dir(site)  # no cache at all
    assert after == cold and list(after) == list(cold)
    page = CHANGED_PAGE[change]
    assert after[page] != before[page]  # the change is visible, so a stale page would have been caught
    if change in (change_template, change_static_file, change_site_config, change_menu):
        assert cache.hits == 0
    else:
        assert 0 < cache.hits < items  # unchanged pages came from the cache
    assert pagecache.save_page_cache(site, cache)
    again = pagecache.load_page_cache(site)
    assert render_dir(site, cache=again, workers=workers) == cold and again.hits == item_pages(site)


def test_preview_build_gets_no_page_of_a_normal_build(site) -> None:
    cache = pagecache.load_page_cache(site)
    render_dir(site, cache=cache)
    pagecache.save_page_cache(site, cache)
    cache = pagecache.load_page_cache(site)
    assert render_dir(site, preview=True, cache=cache) == render_dir(site, preview=True)
    assert cache.hits == 0


@needs_fork
def test_page_cache_with_workers_on_generated_site(corpus, tmp_path) -> None:
    site = tmp_path / "corpus"
    shutil.copytree(corpus, site)
    cold = render_dir(site)
    cache = pagecache.load_page_cache(site)
    assert render_dir(site, cache=cache, workers=2) == cold
    pagecache.save_page_cache(site, cache)
    body = sorted((site / "content" / "updates").glob("*.md"))[1]  # names no initiative
    body.write_text(body.read_text(encoding="utf-8") + "\nEndnu et afsnit.\n", encoding="utf-8")
    cache = pagecache.load_page_cache(site)
    conversions = Conversions()
    after = render_dir(site, cache=cache, conversions=conversions, workers=2)
    assert after == render_dir(site)
    assert cache.hits == item_pages(site) - 1


def test_kept_pages_keep_their_markdown_in_the_conversion_cache(site) -> None:
    first = Conversions()
    cold = render_dir(site, conversions=first)
    cache = pagecache.load_page_cache(site)
    render_dir(site, cache=cache)
    pagecache.save_page_cache(site, cache)
    warm, conversions = pagecache.load_page_cache(site), Conversions(dict(first.used))
    assert render_dir(site, cache=warm, conversions=conversions) == cold
    assert warm.hits == item_pages(site)
    # every body counts as used although no item page was rendered, so markdown.pickle keeps them all
    assert conversions.used == first.used and conversions.hits == len(first.used)


def test_a_page_reading_more_of_the_site_is_not_kept(site) -> None:
    """A site's own template may read what the key does not hold: that page is rendered every time."""
    edit(site / "templates" / "update.html", "{% block content %}",
         "{% block content %}<p>{{ site.updates|length }} nyheder i alt</p>")
    cache = pagecache.load_page_cache(site)
    before = render_dir(site, cache=cache)
    pagecache.save_page_cache(site, cache)
    updates = len([p for p in before if p.startswith("status/") and p.count("/") == 2])
    assert len(cache.pages) == item_pages(site) - updates
    (site / "content" / "updates" / "2016-08-16-udvalgsmoede.md").unlink()  # every other update page changes
    cache = pagecache.load_page_cache(site)
    after = render_dir(site, cache=cache)
    assert after == render_dir(site)
    assert after[CHANGED_PAGE[change_update_body]] != before[CHANGED_PAGE[change_update_body]]


@pytest.mark.parametrize("template", ["{{ site }}", "{{ site.now }}", "{{ site.__class__.__name__ }}",
                                      "{% if site is defined %}ja{% endif %}"])
def test_other_uses_of_the_site_are_not_kept(site, template) -> None:
    edit(site / "templates" / "update.html", "{% block content %}", "{% block content %}" + template)
    cache = pagecache.load_page_cache(site)
    cold = render_dir(site)
    assert render_dir(site, cache=cache) == cold
    assert not any(path.startswith("status/") for path, _ in _kept_paths(cache, site))


def _kept_paths(cache, site):
    """(route path, key) of the pages a cache kept, found by their keys."""
    site_value = site_of(site)
    version = templating.templates_version(templates_for(site))
    routes = render.plan_routes(site_value)
    keys = {key: route.path for key, route in zip(cache.keys(version, site_value, routes), routes, strict=True)}
    return [(keys[key], key) for key in cache.pages]


def test_cache_keys_mean_the_same_in_another_process(site, tmp_path) -> None:
    """Written by one process and read by another with other hash seeds: every item is a hit."""
    script = textwrap.dedent(f"""
        import datetime as dt, hashlib, sys
        from pathlib import Path
        from zoneinfo import ZoneInfo
        sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "tests")!r}, {str(Path(__file__).resolve().parent)!r}]
        from test_render_parallel import render_dir
        from sitegen.cache import pagecache
        site = Path(sys.argv[1])
        cache = pagecache.load_page_cache(site)
        files = render_dir(site, cache=cache)
        pagecache.save_page_cache(site, cache)
        print(cache.hits, hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())
    """)
    runs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", script, str(site)], env=env, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr
        runs.append(result.stdout.split())
    cold = render_dir(site)
    digest = hashlib.sha256(repr(sorted(cold.items())).encode()).hexdigest()
    assert runs == [["0", digest], [str(item_pages(site)), digest], [str(item_pages(site)), digest]]


def test_nothing_changed_writes_nothing(site) -> None:
    cache = pagecache.load_page_cache(site)
    files = render_dir(site, cache=cache)
    assert pagecache.save_page_cache(site, cache)
    path = pagecache.cache_file(site)
    written = path.stat()
    cache = pagecache.load_page_cache(site)
    assert render_dir(site, cache=cache) == files
    assert not cache.changed and not pagecache.save_page_cache(site, cache)
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


def test_a_dropped_page_alone_is_a_change(site) -> None:
    cache = pagecache.load_page_cache(site)
    full = site_of(site)
    render_site(full, templates_for(site), cache=cache)
    assert pagecache.save_page_cache(site, cache)
    cache = pagecache.load_page_cache(site)
    fewer = dataclasses.replace(full, updates=full.updates[1:])  # no other item's page changes
    render_site(fewer, templates_for(site), cache=cache)
    assert cache.hits == len(cache.pages)  # nothing new ...
    assert cache.changed and pagecache.save_page_cache(site, cache)  # ... but one page fewer to keep
    assert len(pagecache.load_page_cache(site).pages) == len(cache.pages)


# --- (c) damaged files and files of other code are ignored ----------------------------------------


@pytest.fixture
def saved(site) -> Path:
    """The fixture site with a page cache on disk."""
    cache = pagecache.load_page_cache(site)
    render_dir(site, cache=cache)
    assert pagecache.save_page_cache(site, cache)
    return pagecache.cache_file(site)


class Boom:  # a pickle that would run code when loaded
    def __reduce__(self):
        return (os.system, ("false",))


@pytest.mark.parametrize("damage", [
    lambda real: b"",
    lambda real: b"not a cache",
    lambda real: b"\x00" * 64,
    lambda real: b"\x80\x05garbage",
    lambda real: real[: len(real) // 2],  # cut off
    lambda real: real[:-1],
    lambda real: real[len(disk.MAGIC) + 32:],  # without its checksum
    lambda real: pickle.dumps(Boom()),  # a bare pickle that would run code
    # Written whole by someone, with a right checksum, yet not plain pages:
    lambda real: disk.sealed((disk.code_version(), [1, 2, 3])),  # not a dict
    lambda real: disk.sealed((disk.code_version(), {b"k": (b"<p>", ())})),  # short key
    lambda real: disk.sealed((disk.code_version(), {b"k" * 32: "<p>tekst</p>"})),
    lambda real: disk.sealed((disk.code_version(), Boom())),
    lambda real: disk.sealed(Boom()),
])
def test_damaged_page_cache_is_ignored_and_written_again(site, saved, damage) -> None:
    saved.write_bytes(damage(saved.read_bytes()))
    cache = pagecache.load_page_cache(site)
    assert cache.pages == {}
    cold = render_dir(site)
    assert render_dir(site, cache=cache) == cold
    assert pagecache.save_page_cache(site, cache)
    assert len(pagecache.load_page_cache(site).pages) == item_pages(site)


def poison(path: Path, version: str) -> None:
    """Every kept page replaced by a wrong one, under the same keys."""
    _, pages = disk.unsealed(path.read_bytes(), plain_data=True)
    wrong = {key: (b"<p>forkert</p>", keys) for key, (_, keys) in pages.items()}
    path.write_bytes(disk.sealed((version, wrong)))


def test_page_cache_of_other_code_is_ignored(site, saved) -> None:
    cold = render_dir(site)
    poison(saved, disk.code_version())  # the control: a valid file's pages are used as they are
    cache = pagecache.load_page_cache(site)
    assert cache.pages and render_dir(site, cache=cache) != cold
    poison(saved, "en anden version")
    cache = pagecache.load_page_cache(site)
    assert cache.pages == {} and render_dir(site, cache=cache) == cold


# --- the key -----------------------------------------------------------------------------------------


def test_in_memory_cache_cannot_be_saved(site) -> None:
    with pytest.raises(TypeError):
        pagecache.save_page_cache(site, render.RenderCache())
