"""The unit layer works in memory. A test here that starts a process, forks, opens a socket or runs
build.py fails at once, naming what it did: such a test belongs in tests/integration (or tests/browser)."""
from __future__ import annotations

import os
import socket
import subprocess

import pytest

from tests import sitekit


@pytest.fixture(autouse=True)
def in_memory_only(monkeypatch):
    def refuse(what: str):
        def refused(*args, **kwargs):
            pytest.fail(f"a unit test may not {what}: move the test to tests/integration", pytrace=False)
        return refused

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse("start a process"))
    monkeypatch.setattr(os, "fork", refuse("fork"))
    monkeypatch.setattr(socket.socket, "bind", refuse("open a server socket"))
    monkeypatch.setattr(socket.socket, "connect", refuse("connect to a server"))
    monkeypatch.setattr(sitekit, "_run_in_process", refuse("run build.py (run_cli)"))
