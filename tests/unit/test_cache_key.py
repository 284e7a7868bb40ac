"""The one format and version key of every memo on disk (sitegen/cache/disk.py): the key covers our code,
the libraries, Python and the time zone rules; every memo file a real build writes is in that one format
under that one key; and a page's digest is of its value (the caches at work: tests/integration/test_cache_deltas.py,
test_stage_caches.py, test_render_parallel.py)."""
from __future__ import annotations

import datetime as dt
import gc
import shutil
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.cache import disk
from sitegen.cache.store import Store
from sitegen.engine import pipeline
from sitegen.render import pages as render
from tests.sitekit import an_update, copy_full_site

NOW = dt.datetime(2016, 10, 1, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
MEMO_FILES = {"markdown.pickle", "findings.pickle", "load.pickle", "links.pickle", "pages.pickle"}


@pytest.fixture
def fresh_key():
    """code_version is computed once per process: worked out again for this test, and after it."""
    disk.code_version.cache_clear()
    yield
    disk.code_version.cache_clear()


def key_again() -> str:
    disk.code_version.cache_clear()
    return disk.code_version()


@pytest.mark.parametrize("difference", [*disk.LIBRARIES, "python", "zone", "format"])
def test_key_covers_libraries_python_zone_and_format(monkeypatch, fresh_key, difference) -> None:
    version = disk.code_version()
    assert key_again() == version  # the control: worked out again, the same key
    if difference == "python":
        monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    elif difference == "zone":
        monkeypatch.setattr(disk, "_zone_data", lambda key: b"other rules")
    elif difference == "format":
        monkeypatch.setattr(disk, "FORMAT", disk.FORMAT + 1)
    else:
        plain = disk._distribution_version
        monkeypatch.setattr(disk, "_distribution_version",
                            lambda name, module: "0.0-other" if name == difference else plain(name, module))
    assert key_again() != version


@pytest.fixture
def package_copy(tmp_path, monkeypatch, fresh_key) -> Path:
    """A copy of sitegen/'s modules that the key is worked out from."""
    copy = tmp_path / "sitegen"
    shutil.copytree(disk.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(disk, "PACKAGE", copy)
    return copy


def test_any_byte_of_any_sitegen_module_changes_the_key(package_copy, monkeypatch) -> None:
    real = disk.code_version()
    assert key_again() == real  # the control: the same bytes in another folder give the same key
    modules = sorted(package_copy.rglob("*.py"))
    assert len(modules) > 40
    for module in (modules[0], package_copy / "render" / "markup.py", modules[-1]):
        data = module.read_bytes()
        module.write_bytes(data[:-2] + bytes([data[-2] ^ 1]) + data[-1:])  # one bit of one byte
        assert key_again() != real, module.name
        module.write_bytes(data)
        assert key_again() == real
    (package_copy / "render" / "new.py").write_text("", encoding="utf-8")  # an empty module is code too
    assert key_again() != real


def test_every_sitegen_module_is_in_the_key() -> None:
    names = {rel for rel, _ in disk._sources(disk.PACKAGE)}
    expected = {path.relative_to(disk.PACKAGE.parent).as_posix() for path in disk.PACKAGE.rglob("*.py")}
    assert names == expected
    assert {"sitegen/render/pages.py", "sitegen/render/markup.py", "sitegen/cache/pagecache.py",
            "sitegen/cache/disk.py", "sitegen/content/load.py"} <= names


def _installed(folder: Path, record: str) -> None:
    """A PyYAML 6.0.3 as pip leaves it: a dist-info folder with its RECORD, first on sys.path."""
    info = folder / "PyYAML-6.0.3.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "RECORD").write_text(record, encoding="utf-8")


def test_a_library_installed_again_with_other_files_changes_the_key(monkeypatch, fresh_key, tmp_path) -> None:
    """PyYAML with or without its libyaml binding has one version and other files (its RECORD)."""
    monkeypatch.syspath_prepend(str(tmp_path))
    versions = set()
    for record in ("yaml/__init__.py,sha256=a,1\nyaml/_yaml.so,sha256=b,2\n", "yaml/__init__.py,sha256=a,1\n",
                   "yaml/__init__.py,sha256=a,1\nyaml/_yaml.so,sha256=b,2\n"):
        _installed(tmp_path, record)
        disk._dist_infos.cache_clear()
        assert disk._distribution_version("pyyaml", "yaml").startswith("6.0.3 ")
        versions.add(key_again())
    disk._dist_infos.cache_clear()
    assert len(versions) == 2


def test_a_library_not_installed_as_a_distribution_is_keyed_by_its_source(monkeypatch) -> None:
    import importlib.metadata

    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(disk, "_dist_info", lambda name: None)
    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    assert disk._distribution_version("markdown", "markdown").startswith("source ")
    assert disk._distribution_version("nothing-here", "sitegen_no_such_module") == "-"


def test_every_memo_file_of_a_real_build_is_in_the_one_format_under_the_one_key(tmp_path, monkeypatch) -> None:
    site = copy_full_site(tmp_path)
    monkeypatch.setattr(disk, "DELTA_SHARE", 4)  # the test site has a few dozen entries per memo
    try:
        for edit in (None, "Et nyt afsnit."):  # a cold build writes whole files; a small edit, deltas
            if edit is not None:
                update = an_update(site)
                update.write_text(update.read_text(encoding="utf-8") + f"\n{edit}\n", encoding="utf-8")
            store = Store.on_disk(site)
            pipeline.build_site(site, NOW, store=store, workers=1)
            store.after_build()
    finally:
        gc.unfreeze()  # Store.on_disk freezes the memos for a build process's short life; this one lives on
    written = {path.name: path.read_bytes() for path in disk.folder(site).iterdir()}
    assert set(written) == MEMO_FILES | {name + disk.DELTA_SUFFIX for name in MEMO_FILES}
    for name, data in written.items():
        assert data.startswith(disk.MAGIC), name
        value = disk.unsealed(data, plain_data=name.startswith("pages."))
        assert type(value) is tuple and value[0] == disk.code_version(), name
        assert len(value) == (4 if name.endswith(disk.DELTA_SUFFIX) else 2), name
        assert disk.unsealed(data[:-1] + bytes([data[-1] ^ 1])) is None, name  # the checksum is checked


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
