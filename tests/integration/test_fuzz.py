"""Fuzzing (issue 15, item 13): random front matter and random Markdown for every content type, and
random data files, built and checked by build.py.

The property, for every generated file: `build` exits 0 or 1, never 3 and never with a traceback;
every finding it prints is `path:line: ...` (the contract's format) and an exit 1 names at least one
`[fejl]`; on exit 1 the output folder is byte for byte what the valid build before it wrote. `check
--file` on the generated file exits 0 or 1 the same way.

Hypothesis (pinned in requirements-dev.txt) generates the files (tests/fuzzkit.py says how) and
shrinks a failing one to a small example.

`make test` runs the bounded profile: MAX_EXAMPLES examples per case, derandomized (the seed comes
from the test's own code: the same examples on every run and machine, so CI is deterministic and a
failure recurs; a change to the strategies or the engine's constants picks new ones). `make fuzz` sets
SITEGEN_FUZZ=long: FUZZ_EXAMPLES per case from a new seed each run (make prints it; FUZZ_SEED=N runs
one again) and prints Hypothesis's counts. SITEGEN_FUZZ_EXAMPLES=N overrides either count. No
example database is kept (database=None).
"""
from __future__ import annotations

import os
import re
import traceback
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import strategies as st

from tests.fuzzkit import FILE_NAMES, content_file, data_file
from tests.sitekit import base_files, run_cli, tree_digest, write_site

MAX_EXAMPLES = 16  # per case in make test: seven cases, about 5 s in all on one core
FUZZ_EXAMPLES = 2_000  # per case in make fuzz

_SHARED = {
    "deadline": None,  # a build takes 5-150 ms; Hypothesis's 200 ms deadline would only add noise
    "database": None,  # nothing written into the repository (.hypothesis/ is ignored as well)
    "print_blob": True,
    "phases": [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],  # no slow `explain`
    # The generated files are large on purpose; a build per example is slow on purpose.
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
}
settings.register_profile("sitegen-bounded", max_examples=MAX_EXAMPLES, derandomize=True, **_SHARED)
settings.register_profile("sitegen-fuzz", max_examples=FUZZ_EXAMPLES, derandomize=False, **_SHARED)
LONG = os.environ.get("SITEGEN_FUZZ") == "long"
PROFILE = settings(settings.get_profile("sitegen-fuzz" if LONG else "sitegen-bounded"),
                   **({"max_examples": int(os.environ["SITEGEN_FUZZ_EXAMPLES"])}
                      if os.environ.get("SITEGEN_FUZZ_EXAMPLES") else {}))

NOWS = ("2016-09-01", "2016-10-05T17:30", "2017-06-01T08:00")  # before, during and long after the meeting
CONTENT_KINDS = ("meetings", "minutes", "initiatives", "updates", "pages", "index")

# What this file has found that the engine does not handle yet, each with the strict xfail below that
# shows it (it fails once the engine is fixed; then its line here goes). An example that meets one
# is counted as an event (`make fuzz` prints them) and the rest of the property is still asserted.
#
# Crashes (exit 3): the exception and the innermost engine function it came from (the build is run
# again with SITEGEN_DEBUG=1 to see them; `crash_site`).
KNOWN_CRASHES: list[tuple[str, str]] = []  # e.g. ("ValueError in fields.DeadlineKind.parse", "test_known_...")
# Findings split over lines: a pattern of the whole finding (its first line and the lines after it
# that do not start with `path:line: `); the line break comes from the file's own text.
KNOWN_SPLIT: list[tuple[str, str]] = []  # all four found so far are fixed: the tests named test_found_... below


# -- the property ------------------------------------------------------------------------------

class Workspace:
    """One site (the base files) and an output folder per moment holding that moment's valid build.

    Each example adds its files, builds into the output folder, then takes them away again; after
    an example that built (exit 0) the base is built into the folder again before the next one."""

    def __init__(self, root: Path):
        self.site = write_site(root / "site", base_files())
        self.outs = {now: root / f"out-{index}" for index, now in enumerate(NOWS)}
        self.base_digest: dict[str, dict[str, str]] = {}
        self.added: list[str] = []

    def reset(self) -> None:
        for rel in self.added:
            (self.site / rel).unlink(missing_ok=True)
        self.added = []
        write_site(self.site, base_files())

    def base_build(self, now: str) -> Path:
        """The output folder for `now`, holding the base site's build (built again only if it changed)."""
        out = self.outs[now]
        if now in self.base_digest and tree_digest(out) == self.base_digest[now]:
            return out
        result = run_cli("build", "--site", str(self.site), "--out", str(out), "--now", now)
        assert result.returncode == 0, result.stderr
        digest = tree_digest(out)
        assert self.base_digest.setdefault(now, digest) == digest, "the base site built twice differs"
        return out

    def add(self, files: dict[str, str | bytes]) -> None:
        self.added.extend(rel for rel in files if rel not in base_files())
        write_site(self.site, {rel: data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
                               for rel, data in files.items()})


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("fuzz"))


LEVEL = re.compile(r" \[(fejl|blokerer udgivelse|advarsel|råd)\]$")
# A relative path (a source file, or a built page such as index.html for a finding in it), a line.
WHERE = re.compile(r"^(?P<path>[^\s/:][^:\n]*?):(?P<line>\d+): ")


def crash_site(args: list[str]) -> str:
    """`Error in module.function`: the exception of a crashed run and the innermost engine function
    it passed through, from the same run with SITEGEN_DEBUG=1 (build.py raises instead of exit 3)."""
    os.environ["SITEGEN_DEBUG"] = "1"
    try:
        run_cli(*args)
    except Exception as error:  # the crash itself
        frames = [frame for frame, _ in traceback.walk_tb(error.__traceback__)
                  if f"{os.sep}sitegen{os.sep}" in frame.f_code.co_filename]
        where = (f"{Path(frames[-1].f_code.co_filename).stem}.{frames[-1].f_code.co_qualname}"
                 if frames else "build.py")
        note("".join(traceback.format_exception(error)[-6:]))
        return f"{type(error).__name__} in {where}"
    finally:
        del os.environ["SITEGEN_DEBUG"]
    return "no crash the second time"


def assert_contract(result, what: str, blocking_levels: tuple[str, ...]) -> None:
    """Exit 0 or 1, no traceback, every line but the summary a finding in the contract's format."""
    stderr = result.stderr
    note(f"{what}: exit {result.returncode}\n{stderr[-3000:]}")
    assert "Traceback" not in stderr and "Traceback" not in result.stdout, f"{what}: a traceback"
    if result.returncode == 3:
        site = crash_site(result.args[2:])
        known = next((test for pattern, test in KNOWN_CRASHES if pattern == site), None)
        assert known, f"{what}: exit 3, {site}"
        event(f"known crash ({known}) in {what.split(' ')[0]}")
        return
    assert result.returncode in (0, 1) and "intern fejl" not in stderr, f"{what}: exit {result.returncode}"
    lines = stderr.rstrip("\n").split("\n")  # lines end in \n only (str.splitlines also splits at \x1e, \x85, ...)
    assert lines != [""], f"{what}: nothing said"
    *body, summary = lines  # the last line sums up
    assert not WHERE.match(summary), f"{what}: no summary line last: {summary!r}"
    findings: list[str] = []
    for line in body:
        if WHERE.match(line) or not findings:
            findings.append(line)
        else:
            findings[-1] += "\n" + line  # a line that does not start with path:line: continues the finding
    for finding in findings:
        where = WHERE.match(finding)
        assert where, f"{what}: not `path:line: ...`: {finding!r}"
        assert int(where["line"]) >= 1 and ".." not in where["path"].split("/"), f"{what}: {finding!r}"
        assert LEVEL.search(finding), f"{what}: no level at the end: {finding!r}"
        if "\n" in finding:
            split = next((test for pattern, test in KNOWN_SPLIT if re.search(pattern, finding)), None)
            assert split, f"{what}: a finding over {finding.count(chr(10)) + 1} lines: {finding!r}"
            event(f"known split finding ({split}) in {what.split(' ')[0]}")
    if result.returncode == 1:
        levels = {LEVEL.search(finding)[1] for finding in findings}
        assert levels & set(blocking_levels), f"{what}: exit 1 without a finding that says why"


def exercise(workspace: Workspace, files: dict[str, str | bytes], now: str) -> None:
    """Build the base into the output folder, add `files`, build again and check each of them."""
    workspace.reset()
    out = workspace.base_build(now)
    before = tree_digest(out)
    workspace.add(files)
    result = run_cli("build", "--site", str(workspace.site), "--out", str(out), "--now", now)
    event(f"build exit {result.returncode}")
    assert_contract(result, "build", ("fejl",))
    if result.returncode != 0:
        assert tree_digest(out) == before, f"exit {result.returncode}, but the output folder changed"
    for rel in files:
        if not (workspace.site / rel).is_file():
            continue
        checked = run_cli("check", "--site", str(workspace.site), "--file", str(workspace.site / rel), "--now", now)
        if checked.returncode == 2:  # not a file check --file takes (e.g. content/pages/x.txt): wrong usage
            assert "Traceback" not in checked.stderr and checked.stderr.startswith("build.py: "), checked.stderr
            continue
        assert_contract(checked, f"check --file {rel}", ("fejl", "blokerer udgivelse"))


@pytest.mark.parametrize("kind", CONTENT_KINDS)
@PROFILE
@given(data=st.data())
def test_a_random_content_file_builds_or_is_refused(workspace, kind, data):
    text = data.draw(content_file(kind), label="file")
    name = "index.md" if kind == "index" else data.draw(FILE_NAMES, label="name")
    rel = "content/index.md" if kind == "index" else f"content/{kind}/{name}"
    files = {rel: text}
    if data.draw(st.integers(0, 9), label="with a data file") == 9:  # now and then a data file changes too
        path, content = data.draw(data_file(), label="data file")
        files[path] = content
    exercise(workspace, files, data.draw(st.sampled_from(NOWS), label="now"))


@PROFILE
@given(data_file(), st.sampled_from(NOWS))
def test_a_random_data_file_builds_or_is_refused(workspace, data, now):
    path, content = data
    exercise(workspace, {path: content}, now)


def test_the_bounded_profile_is_deterministic():
    """make test's fuzzing is the same every run (a failure in CI recurs on every machine)."""
    if LONG:
        pytest.skip("make fuzz: a new seed each run")
    assert PROFILE.derandomize and PROFILE.database is None and PROFILE.max_examples <= 50


# -- what the fuzzing found (KNOWN): each input as small as Hypothesis made it ------------------

def test_found_a_control_character_in_front_matter(tmp_path):
    text = "---\ntitle: Borgermøde i november\ndate: 2016-11-09\nstart: 17:00\nend: 18:30\nvenue: raadhus\n" \
           "audience: \x1f\n---\n"
    site = write_site(tmp_path / "site", base_files() | {"content/meetings/fuzz.md": text.encode()})
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", NOWS[0])
    assert result.returncode == 1
    first, *rest = result.stderr.rstrip("\n").split("\n")
    assert first.startswith("content/meetings/fuzz.md:7: ") and LEVEL.search(first) and len(rest) == 1


def test_found_an_image_whose_empty_alt_text_spans_lines(tmp_path):
    text = "---\ntitle: En status\ndate: 2016-08-15\n---\n![\n](https://example.org/)\n"
    site = write_site(tmp_path / "site", base_files() | {"content/updates/fuzz.md": text.encode()})
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", NOWS[0])
    assert result.returncode == 0
    first, *rest = result.stderr.rstrip("\n").split("\n")
    assert first.startswith("content/updates/fuzz.md:5: ") and first.endswith("[advarsel]") and len(rest) == 1


def _one_line_finding(tmp_path, rel: str, text: str, code: int, starts: str) -> None:
    site = write_site(tmp_path / "site", base_files() | {rel: text.encode()})
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"), "--now", NOWS[0])
    assert result.returncode == code
    first, *rest = result.stderr.rstrip("\n").split("\n")
    assert first.startswith(starts) and LEVEL.search(first) and len(rest) == 1, result.stderr


def test_found_a_line_break_in_a_value_or_field_name(tmp_path):
    _one_line_finding(tmp_path, "content/meetings/fuzz.md", "---\ntitle: T\ndate: 2016-11-09\nstart: \"17:00\"\n"
                      "end: \"18:00\"\nvenue: raadhus\nstatus: \"a\\nb\"\n---\n", 1, "content/meetings/fuzz.md:7: status: ")


def test_found_a_link_with_a_line_break_in_its_address(tmp_path):
    _one_line_finding(tmp_path, "content/pages/fuzz.md", "---\ntitle: T\n---\n[Referatet](/moeder/x\ny/)\n", 0,
                      "content/pages/fuzz.md:")



# Crashes the fuzzing found (exit 3), fixed since in sitegen/content/fields.py (a year outside
# 1900-2200 is a fejl): each stays fixed. Found: DeadlineKind.parse built dt.date(0, 12, 31) for
# "0000" and dt.date(10000, 1, 1) for 9999-Q4 (ValueError, in build and check --file);
# schedule.change_moments added a day to a deadline of 9999-12-31 and 15 days to a meeting on
# 9999-12-25 (OverflowError, in build).
FIXED_CRASHES = {
    "deadline 0000": ("content/initiatives/fuzz.md", '---\ntitle: Et tiltag\ndeadline: "0000"\n---\n'),
    "deadline 0000-Q1": ("content/initiatives/fuzz.md", "---\ntitle: Et tiltag\ndeadline: 0000-Q1\n---\n"),
    "deadline 9999-Q4": ("content/initiatives/fuzz.md", "---\ntitle: Et tiltag\ndeadline: 9999-Q4\n---\n"),
    "deadline 9999-12-31": ("content/initiatives/fuzz.md", "---\ntitle: Et tiltag\ndeadline: 9999-12-31\n---\n"),
    "meeting 9999-12-25": ("content/meetings/fuzz.md", "---\ntitle: Møde\ndate: 9999-12-25\nstart: \"17:00\"\n"
                                                       "end: \"18:00\"\nvenue: raadhus\n---\n"),
}


@pytest.mark.parametrize("name", list(FIXED_CRASHES))
def test_a_crash_the_fuzzing_found_stays_fixed(tmp_path, name):
    rel, text = FIXED_CRASHES[name]
    site = write_site(tmp_path / "site", base_files() | {rel: text.encode()})
    for args in (["build", "--out", str(tmp_path / "out")], ["check", "--file", str(site / rel)]):
        result = run_cli(*args, "--site", str(site), "--now", NOWS[0])
        assert result.returncode in (0, 1) and "intern fejl" not in result.stderr, (args[0], result.stderr)
