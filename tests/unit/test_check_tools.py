"""The HTML and accessibility gates without their tools: a missing Chromium, axe-core, Java or Nu checker
is an error that says what to install, never a silent pass; and the search index is not their input.
(The gates at work: tests/integration/test_html_validity.py, tests/browser/test_axe.py.)"""
from __future__ import annotations

import pytest

from sitegen.checks import browsercheck, htmlcheck
from sitegen.checks.browsercheck import run_axe
from sitegen.checks.htmlcheck import CheckToolMissing, validate_html


def test_missing_chromium_is_an_error_that_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(browsercheck, "find_chromium", lambda: None)
    with pytest.raises(CheckToolMissing, match="apt-get install -y chromium"):
        run_axe(tmp_path)


def test_missing_axe_is_an_error_that_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(browsercheck, "AXE_SCRIPT", tmp_path / "node_modules" / "axe-core" / "axe.min.js")
    monkeypatch.setattr(browsercheck, "PROJECT_ROOT", tmp_path)
    with pytest.raises(CheckToolMissing, match="npm ci"):
        run_axe(tmp_path)


def test_the_search_index_is_not_checked(tmp_path):
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "x.html").write_text("<p>not ours</p>", encoding="utf-8")
    (tmp_path / "index.html").write_text("<!DOCTYPE html><html lang=da><title>x</title><p>x</p></html>", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in htmlcheck.html_files(tmp_path)] == ["index.html"]


def test_missing_java_is_an_error_that_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(htmlcheck.shutil, "which", lambda name: None)
    with pytest.raises(CheckToolMissing, match="apt-get install -y default-jre-headless"):
        validate_html(tmp_path)


def test_a_missing_checker_is_an_error_that_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(htmlcheck, "VNU_JAR", tmp_path / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
    monkeypatch.setattr(htmlcheck, "PROJECT_ROOT", tmp_path)
    with pytest.raises(CheckToolMissing, match="npm ci"):
        validate_html(tmp_path)
