"""The code keeps its shape: ruff's rules (ruff.toml), the engine's layers (.importlinter), and each
third-party library imported by one module of the engine."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.sitekit import ROOT

BIN = Path(sys.executable).parent


def test_ruff_passes():
    result = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layer_contract_is_kept():
    result = subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and "0 broken" in result.stdout, result.stdout + result.stderr


def test_each_third_party_library_is_imported_by_one_module():
    owners: dict[str, set[str]] = {}
    for path in sorted((ROOT / "sitegen").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                     else [])
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "sitegen":
                    owners.setdefault(top, set()).add(path.name)
    assert owners, "no third-party imports found: the walk is broken"
    shared = {library: sorted(modules) for library, modules in owners.items() if len(modules) > 1}
    # The preview server is one job made of three libraries (watchdog, livereload, tornado) in preview.py.
    assert shared == {}, shared


MODULE_LINES = 400  # "no module over about 400 lines" (issue 14)
FUNCTION_LINES = 65  # "no function over about 60 lines without a reason in a comment"


def test_modules_and_functions_stay_small():
    too_big = []
    for path in sorted((ROOT / "sitegen").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        name = path.relative_to(ROOT).as_posix()
        if len(lines) > MODULE_LINES:
            too_big.append(f"{name}: {len(lines)} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body = lines[node.lineno - 1:node.end_lineno]
                if len(body) > FUNCTION_LINES and not any(line.strip().startswith("# Long:") for line in body):
                    too_big.append(f"{name}:{node.lineno}: {node.name} has {len(body)} lines and no '# Long:' reason")
    assert too_big == [], "\n".join(too_big)
