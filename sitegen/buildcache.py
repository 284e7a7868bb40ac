"""Build cache: Markdown conversions and source findings kept on disk between runs of `build`.

Helper of the build command. Imports: markup, gates (and markdown for its version).
The cache lives in SITE/.cache/sitegen/, outside output/ and the content
folders (.cache/ is git-ignored). It is keyed by content and by code: an entry's
key is a digest of the Markdown body and its heading level, and the whole file
is valid only for the exact markup.py source, Python-Markdown version and
Python version that wrote it; anything else, or a damaged file, is ignored and
the cache starts empty. Templates, data and the rest of the pipeline run on
every build, so they need no key here. Only entries a build used are saved.

The findings of the source gates (gates.source_gates) are kept the same way in
a second file, valid only for the exact sources of every sitegen module; an
entry's key is a digest of the file's path, body, first body line and people.

`prefill` does the conversions and checks the caches lack in forked worker
processes (Linux), so a cold build uses every core for its two costliest
stages; results are keyed by value, so the output does not depend on which
worker did what.
"""
from __future__ import annotations

import hashlib
import marshal
import multiprocessing
import pickle
import sys
from pathlib import Path

import markdown

from . import markup
from . import gates
from .gates import FindingsMemo
from .write import save_cache_file

FORMAT = 1
FOLDER = Path(".cache") / "sitegen"
FILE_NAME = "markdown.marshal"
FINDINGS_NAME = "findings.pickle"


def code_version() -> str:
    """A digest of what decides a conversion: markup.py, Python-Markdown and Python itself."""
    digest = hashlib.sha256()
    digest.update(Path(markup.__file__).read_bytes())
    digest.update(f"\0{markdown.__version__}\0{sys.version}\0{FORMAT}".encode())
    return digest.hexdigest()


def engine_version() -> str:
    """A digest of every sitegen module and Python: what decides the findings of the gates."""
    digest = hashlib.sha256(f"{sys.version}\0{FORMAT}".encode())
    for path in sorted(Path(markup.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_findings(site_dir: Path) -> FindingsMemo:
    """The saved findings of the source gates, or an empty memo when there are none, old or damaged."""
    try:
        version, entries = pickle.loads((Path(site_dir) / FOLDER / FINDINGS_NAME).read_bytes())
        if version != engine_version() or not isinstance(entries, dict):
            return FindingsMemo()
        return FindingsMemo(known=entries)
    except Exception:  # noqa: BLE001 - a damaged pickle can raise almost anything; start empty
        return FindingsMemo()


def save_findings(site_dir: Path, findings: FindingsMemo) -> None:
    _write(Path(site_dir) / FOLDER / FINDINGS_NAME, pickle.dumps((engine_version(), findings.used), protocol=5))


def cache_file(site_dir: Path) -> Path:
    return Path(site_dir) / FOLDER / FILE_NAME


def load_conversions(site_dir: Path) -> markup.Conversions:
    """The saved conversions of this site, or an empty cache when there are none, old or damaged."""
    try:
        version, entries = marshal.loads(cache_file(site_dir).read_bytes())
        if version != code_version() or not isinstance(entries, dict):
            return markup.Conversions()
        if not all(isinstance(k, bytes) and isinstance(v, str) for k, v in entries.items()):
            return markup.Conversions()
        return markup.Conversions(entries)
    except (OSError, ValueError, EOFError, TypeError):
        return markup.Conversions()


def save_conversions(site_dir: Path, conversions: markup.Conversions) -> None:
    """Write the conversions this build used (beside and renamed, so a reader never sees half a file)."""
    _write(cache_file(site_dir), marshal.dumps((code_version(), conversions.used)))


def _write(path: Path, data: bytes) -> None:
    save_cache_file(path, data)


PARALLEL_MINIMUM = 64  # fewer missing files than this are done in the build process itself
_TOP = {"meetings": 3, "initiatives": 3}  # the heading level the templates convert each kind's body at
_work: tuple = ()  # what forked workers read (inherited, never pickled): (sources, records)


def prefill(conversions: markup.Conversions | None, findings: FindingsMemo | None, loaded, records,
            workers: int) -> None:
    """Convert the Markdown and check the source files the caches lack, in `workers` forked processes."""
    global _work
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return
    people = gates.people_key(records)
    jobs = []
    for index, source in enumerate(loaded.files):
        top = _TOP.get(source.kind, 2)
        convert = conversions is not None and markup.conversion_key(source.body, top) not in conversions.known
        check = findings is not None and gates.findings_key(source, people) not in findings.known
        if convert or check:
            jobs.append((index, top, convert, check))
    if len(jobs) < PARALLEL_MINIMUM:
        return
    _work = (loaded.files, records, people)
    try:
        chunk = max(1, len(jobs) // (workers * 8))
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for converted, checked in pool.imap_unordered(_do_job, jobs, chunksize=chunk):
                if converted is not None:
                    conversions.known[converted[0]] = converted[1]
                if checked is not None:
                    findings.known[checked[0]] = checked[1]
    finally:
        _work = ()


def _do_job(job: tuple) -> tuple:
    index, top, convert, check = job
    sources, records, people = _work
    source = sources[index]
    converted = (markup.conversion_key(source.body, top), markup.to_html(source.body, top)) if convert else None
    checked = (gates.findings_key(source, people), gates.file_findings(source, records)) if check else None
    return converted, checked
