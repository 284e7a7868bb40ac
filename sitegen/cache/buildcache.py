"""Build cache: Markdown conversions and source findings kept on disk between runs of `build`.

Helper of the build command. Imports: disk, markup, gates. Two memo files in
disk's folder and format, under its one version key: markdown.pickle maps a
digest of a Markdown body and its heading level to the HTML it converts to;
findings.pickle maps a digest of a source file's path, body, first body line
and the people to the findings of the source gates. Templates, data and the
rest of the pipeline run on every build, so they need no memo here. Only the
entries a build used are saved.

`prefill` does the conversions and checks the memos lack in forked worker
processes (Linux), so a cold build uses every core for its two costliest
stages; results are keyed by value, so the output does not depend on which
worker did what.
"""
from __future__ import annotations

import multiprocessing
from pathlib import Path

from sitegen.cache import disk
from sitegen.checks import gates
from sitegen.checks.gates import FindingsMemo
from sitegen.render import markup

CONVERSIONS_NAME = "markdown.pickle"
FINDINGS_NAME = "findings.pickle"


def conversions_file(site_dir: Path) -> Path:
    return disk.folder(site_dir) / CONVERSIONS_NAME


def findings_file(site_dir: Path) -> Path:
    return disk.folder(site_dir) / FINDINGS_NAME


def load_conversions(site_dir: Path) -> markup.Conversions:
    """The saved conversions of this site, or an empty memo when there are none, old or damaged."""
    entries, on_disk = disk.read_cache(_conversions_layout(site_dir))
    conversions = markup.Conversions(entries)
    conversions.on_disk = on_disk
    return conversions


def save_conversions(site_dir: Path, conversions: markup.Conversions) -> None:
    """Write what changed in the conversions this build used (see disk.save_cache)."""
    disk.save_cache(_conversions_layout(site_dir), _on_disk(conversions), conversions.used)


def _conversions_layout(site_dir: Path) -> disk.Layout:
    return disk.Layout(conversions_file(site_dir), valid=lambda key, value: type(key) is bytes and type(value) is str,
                       valid_key=lambda key: type(key) is bytes)


def load_findings(site_dir: Path) -> FindingsMemo:
    """The saved findings of the source gates, or an empty memo when there are none, old or damaged."""
    entries, on_disk = disk.read_cache(_findings_layout(site_dir))
    findings = FindingsMemo(known=entries)
    findings.on_disk = on_disk  # not a field: FindingsMemo's equality and repr stay as they were
    return findings


def save_findings(site_dir: Path, findings: FindingsMemo) -> None:
    disk.save_cache(_findings_layout(site_dir), _on_disk(findings), findings.used)


def _findings_layout(site_dir: Path) -> disk.Layout:
    return disk.Layout(findings_file(site_dir))


def _on_disk(memo) -> disk.OnDisk:
    on_disk = getattr(memo, "on_disk", None)
    if not isinstance(on_disk, disk.OnDisk):  # not read by load_*: whatever lies there is written anew
        on_disk = disk.OnDisk()
        memo.on_disk = on_disk
    return on_disk


PARALLEL_MINIMUM = 64  # fewer missing files than this are done in the build process itself
_TOP = {"meetings": 3, "initiatives": 3}  # the heading level the templates convert each kind's body at
_work: tuple = ()  # what forked workers read (inherited, never pickled): (sources, records)


def prefill(conversions: markup.Conversions | None, findings: FindingsMemo | None, loaded, records,
            workers: int) -> None:
    """Convert the Markdown and check the source files the memos lack, in `workers` forked processes."""
    global _work
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return
    people = gates.people_key(records.people)
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
    checked = (gates.findings_key(source, people), gates.file_findings(source, records.people)) if check else None
    return converted, checked
