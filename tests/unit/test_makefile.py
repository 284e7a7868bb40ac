"""The Makefile read as text: the editors' targets keep their recipes to themselves (they show build.py's
answer, not the command line), and `make test` checks its system packages first (bin/test-tools)."""
from __future__ import annotations

import re

from tests.sitekit import ROOT

EDITOR_TARGETS = ("ny-moede", "ny-referat", "ny-tiltag", "ny-status", "ny-side", "tjek-fil", "schemas")


def test_every_editor_target_keeps_its_recipe_to_itself():
    """Every recipe line of the editors' targets starts with @ (schemas writes into the project, so it is not run)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in EDITOR_TARGETS:
        rule = re.search(rf"^(?:[\w-]+ )*{target}(?: [\w-]+)*:(?!=).*\n((?:\t.*\n)+)", makefile, re.M)
        assert rule, target
        commands = [line for line in rule[1].split("\n") if line.startswith("\t") and not line.startswith("\t\t")]
        assert commands and all(line.startswith("\t@") for line in commands), (target, commands)


def test_make_test_runs_it_first():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_rule = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert test_rule.split(":", 1)[1].split()[0] == "system-tools"
