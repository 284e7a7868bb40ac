"""What the page cache keys on, in memory: its version covers our code, the libraries, Python and the
time zone rules, and a value's digest is of the value (the cache at work: tests/integration/test_render_parallel.py)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.cache import buildcache, pagecache
from sitegen.render import pages as render


@pytest.mark.parametrize("difference", ["sitegen", "jinja2", "markupsafe", "markdown", "python", "zone"])
def test_version_covers_code_libraries_python_and_zone(monkeypatch, difference) -> None:
    version = pagecache.code_version()
    if difference == "sitegen":
        monkeypatch.setattr(buildcache, "engine_version", lambda: "another source")
    elif difference == "python":
        monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    elif difference == "zone":
        monkeypatch.setattr(pagecache, "_zone_data", lambda key: b"other rules")
    else:
        plain = pagecache._distribution_version
        monkeypatch.setattr(pagecache, "_distribution_version",
                            lambda name: "0.0-other" if name == difference else plain(name))
    assert pagecache.code_version() != version


def test_engine_version_covers_render_and_pagecache() -> None:
    sources = {path.name for path in Path(render.__file__).parent.parent.rglob("*.py")}
    assert {"pages.py", "pagecache.py", "markup.py", "structured.py", "danish.py"} <= sources


def test_stable_digest_is_of_the_value() -> None:
    from sitegen.core.records import MenuItem, Person

    anna = Person(id="anna", name="Anna")
    shared = (anna, anna)
    copied = (anna, Person(id="anna", name="Anna"))
    assert render.stable_digest(shared) == render.stable_digest(copied)  # sharing does not matter
    assert render.stable_digest(("x" * 3,)) == render.stable_digest(("".join(["x"] * 3),))
    assert render.stable_digest((1,)) != render.stable_digest((True,))  # equal, but not the same value
    assert render.stable_digest((1,)) != render.stable_digest((1.0,))
    assert render.stable_digest(anna) != render.stable_digest(Person(id="anna", name="Anna", role="x"))
    assert render.stable_digest(MenuItem(title="a", url="/b/")) != render.stable_digest(MenuItem(title="a/b", url="/"))
    later = dt.datetime(2016, 10, 30, 2, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert render.stable_digest(later) != render.stable_digest(later.replace(fold=1))
    assert render.stable_digest(lambda: 1) is None  # cannot be written down: not kept
