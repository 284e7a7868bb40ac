"""HTML validity: the Nu Html Checker (npm `vnu-jar`, pinned in package.json) over a built site.

Quality gate, run by `python build.py check` on the written output. Imports: problems.
The checker is a Java program whose time is almost all JVM start-up, so the whole
folder is checked in one run, never one run per page. A missing tool is an error
(`CheckToolMissing`), never a silent pass.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen import PROJECT_ROOT
from sitegen.core.problems import BLOCKS, Problem

VNU_JAR = PROJECT_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SKIPPED_FOLDERS = ("pagefind",)  # the search index: Pagefind's own files, not ours
TIMEOUT_SECONDS = 600
FIX = "ret skabelonen i templates/, der laver siden, så den er gyldig HTML"


class CheckToolMissing(Exception):
    """A checking tool (Java, the Nu Html Checker, Chromium, axe-core) is not installed.

    The message is Danish and says what to install.
    """


class CheckToolFailed(Exception):
    """A checking tool ran but gave no usable answer; the message is Danish."""


def html_files(folder: Path) -> list[Path]:
    """Every .html file under folder, outside the search index, in a stable order."""
    return sorted(
        path for path in Path(folder).rglob("*.html")
        if path.is_file() and not any(part in SKIPPED_FOLDERS for part in path.relative_to(folder).parts[:-1])
    )


def find_java() -> str:
    java = shutil.which("java")
    if java is None:
        raise CheckToolMissing(
            "HTML-tjekket kan ikke køre, fordi Java ikke er installeret. "
            "Installér det med `apt-get install -y default-jre-headless` (Debian/Ubuntu)."
        )
    return java


def find_vnu_jar() -> Path:
    if not VNU_JAR.is_file():
        raise CheckToolMissing(
            f"HTML-tjekket kan ikke køre, fordi Nu Html Checker mangler ({VNU_JAR.relative_to(PROJECT_ROOT)}). "
            "Kør `npm ci` i projektmappen (den installerer vnu-jar fra package-lock.json)."
        )
    return VNU_JAR


def validate_html(folder: Path) -> list[Problem]:
    """Every error the Nu Html Checker finds in the HTML files under folder (one JVM run).

    Each error is a Problem whose path is the output file relative to folder
    (`moeder/x/index.html`) and whose line is the checker's `lastLine`.
    """
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} er ikke en mappe")
    java, jar = find_java(), find_vnu_jar()
    files = html_files(folder)
    if not files:
        return []
    # One short run: the quick compiler only, the simple collector, and the deeper stack the checker's
    # schema needs with that compiler. Half the CPU of the defaults (3.1 -> 1.6 s for the real site).
    command = [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m", "-jar", str(jar), "--skip-non-html", "--errors-only", "--stdout", "--format", "json",
               *map(str, files)]
    try:
        result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise CheckToolFailed(f"HTML-tjekket (Nu Html Checker) blev ikke færdigt på {TIMEOUT_SECONDS} sekunder") from None
    try:
        report = json.loads(result.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        output = (result.stdout + result.stderr).decode("utf-8", "replace").strip()
        raise CheckToolFailed(
            f"HTML-tjekket (Nu Html Checker) gav intet svar, der kan læses (exit {result.returncode}): {output[:500]}"
        ) from None
    problems = [_problem(message, folder) for message in report.get("messages", ())
                if message.get("type") in ("error", "non-document-error")]
    return sorted(problems, key=Problem.sort_key)


def _problem(message: dict, folder: Path) -> Problem:
    line = message.get("lastLine") or message.get("firstLine") or 1
    text = " ".join(str(message.get("message", "ukendt fejl")).split())
    text = text.replace(" (Suppressing further errors from this subtree.)", "")
    if message.get("type") == "non-document-error":
        text = f"filen kunne ikke tjekkes ({text})"
    return Problem(path=_relative(message.get("url", ""), folder), line=int(line), field="",
                   message=f"HTML-fejl: {text}", fix=FIX + _where(message), level=BLOCKS)


def _where(message: dict) -> str:
    """" (det drejer sig om `<div id="x">`, kolonne 22)": the marked code and its column, when vnu gives them."""
    extract, start, length = message.get("extract"), message.get("hiliteStart"), message.get("hiliteLength")
    column = message.get("firstColumn") or message.get("lastColumn")
    parts = []
    if isinstance(extract, str) and isinstance(start, int) and isinstance(length, int) and length > 0:
        code = " ".join(extract[start:start + length].split())
        if code:
            parts.append(f"det drejer sig om `{code[:120]}`")
    if column:
        parts.append(f"kolonne {column}")
    return f" ({', '.join(parts)})" if parts else ""


def _relative(url: str, folder: Path) -> str:
    """vnu's `file:/abs/path` -> the path relative to folder, with forward slashes."""
    path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
    try:
        return path.resolve().relative_to(folder).as_posix()
    except (ValueError, OSError):
        return path.as_posix() or "(ukendt fil)"
