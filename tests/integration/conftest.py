"""The integration layer runs build.py, tools and servers, but never Chromium: a test here that starts
it, in this process or in one it starts (`make check` runs axe), fails naming tests/browser."""
from __future__ import annotations

import pytest
from playwright.sync_api import BrowserType

MESSAGE = "an integration test may not start Chromium (axe runs in it): move the test to tests/browser"


@pytest.fixture(scope="session")
def refusing_chromium(tmp_path_factory):
    """A stand-in for Chromium that says why it will not run, for processes the tests start."""
    script = tmp_path_factory.mktemp("integration-tests-may-not-start-chromium") / "chromium"  # named in errors
    script.write_text(f"#!/bin/sh\necho '{MESSAGE}' >&2\nexit 1\n", encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.fixture(autouse=True)
def no_chromium(monkeypatch, refusing_chromium):
    def refused(*args, **kwargs):
        pytest.fail(MESSAGE, pytrace=False)

    monkeypatch.setattr(BrowserType, "launch", refused)
    monkeypatch.setenv("CHROMIUM_PATH", str(refusing_chromium))  # sitegen.checks.browsercheck.find_chromium tries it first
