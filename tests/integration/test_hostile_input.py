"""Hostile files (issue 15): past a limit, build, check and check --file say so in Danish, naming the
file and line, with exit 1, quickly; never a crash, a RecursionError or all the memory."""
from __future__ import annotations

import time

import pytest

from sitegen.content import load
from tests.sitekit import base_files, run_cli, write_site

NOW = "2016-09-01"
PAGE = "content/pages/side.md"


def _nested(levels: int) -> str:
    return "---\ntitle: T\nsummary: " + "[" * levels + "]" * levels + "\n---\nTekst.\n"


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    """Each level a list of `width` references to the one before: width**levels values once followed."""
    lines = ["---", "title: T", 'a0: &a0 ["x"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines + ["---", "Tekst.", ""])


def _deep_block(levels: int) -> str:
    return "---\ntitle: T\nsummary:\n" + "".join("  " * i + f"n{i}:\n" for i in range(1, levels + 1)) + \
        "  " * (levels + 1) + "x\n---\nTekst.\n"


HOSTILE = {
    # (file text, the line the message must name, words the message must hold)
    "400 nested [": (_nested(400), 3, "for dybt"),
    "100,000 nested [ (crashed PyYAML's C composer)": (_nested(100_000), 3, "for dybt"),
    # The top map is level 1 and n1's map (line 4) level 2, so level 21 opens on line 23.
    "nesting by indentation": (_deep_block(60), 23, "for dybt"),
    "alias bomb, nine levels of nine": (_alias_bomb(), 3, "&navn og *navn"),
    "a file over 1 MB": ("---\ntitle: T\n---\n" + "Tekst. " * 200_000, 1, "for stor"),
}


@pytest.mark.parametrize("command", ["build", "check", "check --file"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_a_danish_message_in_under_a_second(tmp_path, name, command):
    text, line, words = HOSTILE[name]
    site = write_site(tmp_path / "site", base_files() | {PAGE: text})
    args = {"build": ["build", "--out", str(tmp_path / "out")], "check": ["check"],
            "check --file": ["check", "--file", str(site / PAGE)]}[command]
    started = time.perf_counter()
    result = run_cli(*args, "--site", str(site), "--now", NOW)
    seconds = time.perf_counter() - started
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "intern fejl" not in result.stderr, result.stderr[-2000:]
    mine = [row for row in result.stderr.splitlines() if row.startswith(f"{PAGE}:{line}:")]
    assert mine and words in mine[0], result.stderr[-2000:]
    assert seconds < 1.0, f"{seconds:.2f} s"
    assert not (tmp_path / "out").exists()


def test_the_limits_leave_ordinary_files_alone(tmp_path):
    """Just under each limit: nesting of MAX_DEPTH levels and references that stay small build."""
    within = ("---\ntitle: T\nsummary: tekst\nlevels: " + "[" * (load.MAX_DEPTH - 1) + "]" * (load.MAX_DEPTH - 1)
              + '\n---\nTekst.\n')
    source, problems = load.parse_markdown(PAGE, "pages", "side", within.encode())
    assert source is not None and problems == []
    references = _alias_bomb(levels=2, width=3)  # 9 values: fine
    source, problems = load.parse_markdown(PAGE, "pages", "side", references.encode())
    assert source is not None and problems == []


def test_the_depth_check_parses_twice_only_when_it_must(monkeypatch):
    """The common file is bounded by counting; only a file that might be deep is parsed for events."""
    calls = []
    real = load.yaml.parse
    monkeypatch.setattr(load.yaml, "parse", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert load._too_deep("title: T\nagenda:\n  - punkt: x\n") is None and calls == []
    assert load._too_deep("a: " + "[" * 30 + "]" * 30 + "\n") == 0 and calls == [1]
