"""Load: read content/ and data/ into raw trees that keep the author's text.

Stage 1. Imports: problems, and PyYAML (the only module that does). PyYAML's
implicit typing would turn `17:00` into 1020 and `no` into False, so we stop
at the node graph: every scalar stays the text the author typed, with its line.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitegen.core.problems import WARNING, Problem

try:  # the C parser is 5-7x faster; fall back when libyaml is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

CONTENT_TYPES = ("pages", "meetings", "minutes", "initiatives", "updates")
DATA_FILES = ("site", "people", "venues", "keyfigures")
_NULLS = ("", "~", "null", "Null", "NULL")


def parser_version() -> str:
    """What besides sitegen's own code decides a parse: PyYAML, libyaml and which loader is used."""
    libyaml = ""
    if getattr(yaml, "__with_libyaml__", False):
        try:
            from yaml import _yaml  # the C extension that CSafeLoader wraps
            libyaml = _yaml.get_version_string()
        except (ImportError, AttributeError):  # pragma: no cover - depends on the PyYAML build
            libyaml = "?"
    return f"PyYAML {yaml.__version__}, libyaml {libyaml or '-'}, {_Loader.__name__}"


@dataclass(frozen=True)
class Scalar:
    text: str
    line: int
    quoted: bool  # the author used quotes or a block scalar: never null

    @property
    def is_null(self) -> bool:
        return not self.quoted and self.text in _NULLS


@dataclass(frozen=True)
class Seq:
    items: tuple
    line: int


@dataclass(frozen=True)
class Map:
    entries: tuple  # of (key text, key line, value node)
    line: int

    def keys(self) -> list[str]:
        return [k for k, _, _ in self.entries]

    def get(self, key: str):
        for k, _, value in self.entries:
            if k == key:
                return value
        return None

    def line_of(self, key: str) -> int:
        for k, line, _ in self.entries:
            if k == key:
                return line
        return self.line


Node = Scalar | Seq | Map


@dataclass(frozen=True)
class SourceFile:
    """One content file: front matter as a tree, the Markdown body as text."""

    kind: str  # a CONTENT_TYPES entry, or "index" for content/index.md
    path: str  # relative to the site folder, forward slashes
    stem: str  # file name without .md
    meta: Map
    body: str
    body_line: int


@dataclass(frozen=True)
class DataFile:
    name: str  # a DATA_FILES entry
    path: str
    tree: Node | None  # None when the file is empty of values


@dataclass
class Loaded:
    files: list[SourceFile] = field(default_factory=list)
    data: dict[str, DataFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    memo: dict = field(default_factory=dict, repr=False)
    used: set = field(default_factory=set, repr=False)
    sources: dict = field(default_factory=dict, repr=False)  # path (str) -> bytes already read this build


_MEMO_TAGS = ("content", "data")  # the first part of load's keys in the memo


def load_site(site_dir: Path, memo: dict | None = None, sources: dict[str, bytes] | None = None) -> Loaded:
    """Read every content and data file under `site_dir`, collecting problems.

    `memo` (kept by a long-running caller such as the preview, or on disk by
    the build command: stagecache) maps a key of everything a file's parse
    depends on (its path, its kind or data name, and the SHA-256 of its exact
    bytes) to what parsing it gave, so unchanged files are not parsed again.
    Keyed by content, never by modification time. Entries of files this call
    did not read are dropped, so the memo holds only this site's files (load's
    own entries: other stages may keep theirs in the same memo under other tags).
    `sources` maps a file's path (str) to the bytes the build command already read
    for its input digest (buildstamp.input_key), so a file is read once per build.
    """
    loaded = Loaded()
    loaded.memo = memo if memo is not None else {}
    loaded.sources = sources or {}
    content = site_dir / "content"
    if not content.is_dir():
        loaded.problems.append(Problem(path="content", line=1, field="", message="mappen content/ findes ikke",
                                       fix=f"opret mappen content/ i {site_dir} eller angiv den rigtige mappe med --site"))
    else:
        _load_content(site_dir, content, loaded)
    _load_data(site_dir, loaded)
    for stale in [key for key in loaded.memo if key[0] in _MEMO_TAGS and key not in loaded.used]:
        del loaded.memo[stale]  # files changed or gone: keep memory bounded
    return loaded


def _rel(site_dir: Path, path: Path) -> str:
    return path.relative_to(site_dir).as_posix()


def _is_ignored(path: Path) -> bool:
    """Hidden files and editors' temporary files are never content."""
    return _is_ignored_name(path.name)


def _is_ignored_name(name: str) -> bool:
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))


def _load_content(site_dir: Path, content: Path, loaded: Loaded) -> None:
    index = content / "index.md"
    if index.is_file():
        _load_markdown(site_dir, index, "index", loaded)
    for entry in sorted(content.iterdir()):
        if _is_ignored(entry) or entry == index:
            continue
        if entry.is_dir() and entry.name in CONTENT_TYPES:
            for path in sorted(entry.rglob("*")):
                if path.is_dir() or _is_ignored(path):
                    continue
                inside = path.relative_to(entry)
                if any(map(_is_ignored_name, inside.parts[:-1])):  # in a hidden or temporary folder
                    continue
                rel = f"content/{entry.name}/{inside.as_posix()}"  # _rel(site_dir, path), without a second relative_to
                if path.suffix == ".md":
                    _load_markdown(site_dir, path, entry.name, loaded, rel)
                else:
                    loaded.warnings.append(Problem(path=rel, line=1, field="",
                                                   message="filen bliver ikke brugt, fordi den ikke ender på .md",
                                                   fix="omdøb den til .md, hvis den skal på siden, eller flyt den ud af content/",
                                                   level=WARNING))
        else:
            from difflib import get_close_matches  # only on this rare path
            guess = get_close_matches(entry.name, CONTENT_TYPES, n=1)
            hint = f"mente du content/{guess[0]}/?" if guess else "mapperne hedder " + ", ".join(f"content/{t}/" for t in CONTENT_TYPES)
            loaded.problems.append(Problem(path=_rel(site_dir, entry), line=1, field="",
                                           message="ukendt fil eller mappe i content/", fix=hint))


def read_bytes(rel: str, path: Path, problems: list[Problem], sources: dict[str, bytes] | None = None) -> bytes | None:
    if sources:
        known = sources.get(str(path))
        if known is not None:
            return known
    try:
        return path.read_bytes()
    except OSError as error:
        problems.append(Problem(path=rel, line=1, field="", message=f"filen kan ikke læses ({error.strerror})",
                                fix="tjek at filen findes, og at du har adgang til den"))
        return None


def decode_text(rel: str, raw: bytes, problems: list[Problem]) -> str | None:
    """The file as text, or None with a problem when it is empty or not UTF-8."""
    if not raw.strip():
        problems.append(Problem(path=rel, line=1, field="", message="filen er tom",
                                fix="skriv indhold i filen eller slet den"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem(path=rel, line=line, field="", message="filen er ikke gemt som UTF-8",
                                fix="gem filen igen med tegnsættet UTF-8 (i de fleste editorer: Gem som > Kodning > UTF-8)"))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _load_markdown(site_dir: Path, path: Path, kind: str, loaded: Loaded, rel: str | None = None) -> None:
    rel = rel or _rel(site_dir, path)
    raw = read_bytes(rel, path, loaded.problems, loaded.sources)
    if raw is None:
        return
    key = ("content", rel, kind, hashlib.sha256(raw).digest())  # the stem is part of rel
    loaded.used.add(key)
    if key not in loaded.memo:
        loaded.memo[key] = parse_markdown(rel, kind, path.stem, raw)
    source, problems = loaded.memo[key]
    loaded.problems.extend(problems)
    if source is not None:
        loaded.files.append(source)


def parse_markdown(rel: str, kind: str, stem: str, raw: bytes) -> tuple[SourceFile | None, list[Problem]]:
    """One content file's bytes -> its front matter tree and body, or the problems."""
    problems: list[Problem] = []
    text = decode_text(rel, raw, problems)
    if text is None:
        return None, problems
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        problems.append(Problem(path=rel, line=1, field="", message="filen begynder ikke med felterne",
                                fix="skriv en linje med --- øverst, så felterne (title: ...) og så en linje med --- igen"))
        return None, problems
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if close is None:
        problems.append(Problem(path=rel, line=1, field="", message="felterne bliver ikke afsluttet",
                                fix="tilføj en linje med --- efter det sidste felt, før selve teksten"))
        return None, problems
    tree = parse_yaml("\n".join(lines[1:close]) + "\n", rel, 1, problems)
    if tree is None:
        if not problems:
            problems.append(Problem(path=rel, line=2, field="",
                                    message="der er ingen felter mellem de to linjer med ---",
                                    fix="skriv mindst feltet title: mellem de to linjer med ---"))
        return None, problems
    if not isinstance(tree, Map):
        problems.append(Problem(path=rel, line=tree.line, field="",
                                message="felterne skal stå på formen navn: værdi",
                                fix="skriv ét felt pr. linje, fx title: Borgermøde"))
        return None, problems
    body = "\n".join(lines[close + 1:])
    return SourceFile(kind=kind, path=rel, stem=stem, meta=tree, body=body, body_line=close + 2), problems


def _load_data(site_dir: Path, loaded: Loaded) -> None:
    data_dir = site_dir / "data"
    for name in DATA_FILES:
        path = data_dir / f"{name}.yaml"
        if not path.is_file():
            alt = data_dir / f"{name}.yml"
            path = alt if alt.is_file() else path
        if not path.is_file():
            if name == "site":
                loaded.problems.append(Problem(path=f"data/{name}.yaml", line=1, field="", message="filen mangler",
                                               fix="opret data/site.yaml med mindst title, organisation og base_url"))
            continue
        rel = _rel(site_dir, path)
        raw = read_bytes(rel, path, loaded.problems, loaded.sources)
        if raw is None:
            continue
        key = ("data", rel, name, hashlib.sha256(raw).digest())
        loaded.used.add(key)
        if key not in loaded.memo:
            loaded.memo[key] = parse_data(rel, name, raw)
        data, problems = loaded.memo[key]
        loaded.problems.extend(problems)
        if data is not None:
            loaded.data[name] = data
    if data_dir.is_dir():
        known = {f"{n}{s}" for n in DATA_FILES for s in (".yaml", ".yml")}
        for path in sorted(data_dir.iterdir()):
            if not _is_ignored(path) and path.name not in known:
                loaded.warnings.append(Problem(path=_rel(site_dir, path), line=1, field="",
                                               message="filen bliver ikke brugt",
                                               fix="datafilerne hedder " + ", ".join(f"data/{n}.yaml" for n in DATA_FILES),
                                               level=WARNING))


def parse_data(rel: str, name: str, raw: bytes) -> tuple[DataFile | None, list[Problem]]:
    """One data file's bytes -> its tree, or the problems (then no DataFile)."""
    problems: list[Problem] = []
    text = decode_text(rel, raw, problems)
    if text is None:
        return None, problems
    tree = parse_yaml(text, rel, 0, problems)
    return (None if problems else DataFile(name=name, path=rel, tree=tree)), problems


def parse_yaml(text: str, rel: str, line_offset: int, problems: list[Problem]) -> Node | None:
    """Compose YAML to nodes and convert them; YAML errors become problems."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        line, field_name, reason, fix = _yaml_error(error, text, line_offset)
        problems.append(Problem(path=rel, line=line + 1 + line_offset, field=field_name,
                                message=f"YAML-fejl: {reason}", fix=fix))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(path=rel, line=1 + line_offset, field="", message=f"YAML-fejl: {error}",
                                fix="tjek filens opbygning"))
        return None
    if node is None:
        return None
    return _convert(node, rel, line_offset, problems)


def _yaml_reason(error: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's reason, with the commonest ones said in Danish (libyaml words some of them otherwise)."""
    reason = (error.problem or error.context or "ukendt fejl").strip()
    mark = error.problem_mark
    if reason == "found character that cannot start any token" and mark is not None:  # libyaml does not name it
        lines = text.split("\n")
        if mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
            reason = "found character '\\t' that cannot start any token"
    known = {
        "mapping values are not allowed here": "et kolon står et sted, hvor YAML ikke venter det",
        "mapping values are not allowed in this context": "et kolon står et sted, hvor YAML ikke venter det",
        "could not find expected ':'": "der mangler et kolon efter et feltnavn",
        "found character '\\t' that cannot start any token": "der er brugt tabulator til indrykning",
        "found a tab character that violates indentation": "der er brugt tabulator til indrykning",
        "expected <block end>, but found": "indrykningen passer ikke",
        "did not find expected '-' indicator": "indrykningen passer ikke",
        "did not find expected <document start>": "indrykningen passer ikke",
        "expected '<document start>'": "indrykningen passer ikke",
        "did not find expected ',' or ']'": "en liste i [ ] bliver ikke lukket med ]",
        "expected ',' or ']'": "en liste i [ ] bliver ikke lukket med ]",
        "did not find expected key": "indrykningen passer ikke",
        "found unexpected end of stream": "anførselstegn eller parentes bliver ikke lukket",
    }
    for english, danish in known.items():
        if reason.startswith(english):
            return danish
    return reason


# Where a YAML error is, and what is wrong, said so an editor can fix it ------------
#
# PyYAML gives two marks. problem_mark is where the parser gave up: the first
# token that no longer fits, often on the line after the mistake (a block whose
# first line is indented wrong sets the indentation, so the next, correct line
# is the one that "does not fit"). context_mark is where the construct it was
# parsing began: for a block mapping that is its first line (often line 1, no
# help), but for "while scanning a quoted scalar" or "a simple key" it is the
# very line to fix. So the line is chosen here from both marks and the text.

_GENERIC_FIX = ("tjek indrykningen og at der står mellemrum efter kolon; sæt tekst med kolon, # eller "
                "anførselstegn i anførselstegn, fx title: \"Møde: status\"")
_INDENT_FIX = ("felter i samme gruppe skal stå lige under hinanden, og felter under et andet felt rykkes to "
               "mellemrum længere ind end det; brug mellemrum, ikke tabulator")
_INDENT_REASONS = ("did not find expected key", "mapping values are not allowed", "did not find expected '-' indicator",
                   "expected <block end>", "did not find expected <document start>", "expected '<document start>'")
# A line's start: indentation and list dashes, then maybe `key:`, then the value.
_LINE = re.compile(r"(?P<lead>[ ]*(?:-[ ]+)*)(?:(?P<key>[^\s\"'#:\-][^:#]*?)[ ]*:(?=\s|$))?[ ]*(?P<value>.*)")


def _yaml_error(error: yaml.MarkedYAMLError, text: str, line_offset: int) -> tuple[int, str, str, str]:
    """(0-based line in `text` the editor must fix, field, Danish reason, Danish fix)."""
    lines = text.split("\n")
    problem = error.problem_mark.line if error.problem_mark else None
    context = error.context_mark.line if error.context_mark else None
    quotes = _quote_mistake(error, lines, problem, context, line_offset)
    if quotes is not None:
        return quotes
    reason = _yaml_reason(error, text)
    english = (error.problem or error.context or "").strip()
    if (error.context or "").startswith("while scanning a simple key") and context is not None:
        return context, "", reason, _missing_colon_fix(lines[context])  # a key without its colon
    if problem is None or (context is not None and "flow" in (error.context or "")
                           and not any(map(_is_content, lines[problem:]))):
        return context or 0, "", reason, _GENERIC_FIX  # a [ or { that runs off the end: say where it began
    if english.startswith(_INDENT_REASONS) and problem < len(lines):
        culprit = _indent_culprit(lines, problem, english)
        if culprit is not None:
            line, why = culprit
            later = f" (YAML opdager det først i linje {problem + 1 + line_offset})"
            if why == "colon":
                return line, "", "der mangler et kolon efter et feltnavn" + later, _missing_colon_fix(lines[line])
            return line, _parts(lines[line])[1] or "", "indrykningen passer ikke" + later, _INDENT_FIX
    return problem, "", reason, _GENERIC_FIX


def _parts(line: str) -> tuple[int, str | None, str, int]:
    """(column of the key or value after any '- ', the key or None, the value, the value's column)."""
    match = _LINE.match(line)
    return len(match["lead"]), match["key"], match["value"].rstrip(), match.start("value")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _opens_block(line: str) -> bool:
    """`key:` with no value (or only a comment): the lines under it belong to it."""
    _, key, value, _ = _parts(line)
    return key is not None and (not value or value.startswith("#"))


def _is_item(line: str) -> bool:
    return line.lstrip(" ").startswith("-") and _parts(line)[0] > _indent(line)


def _indent_culprit(lines: list[str], problem: int, english: str) -> tuple[int, str] | None:
    """A line above the one YAML stopped at, when that line is the one indented wrong (or missing its colon)."""
    above = [i for i in range(min(problem, len(lines))) if _is_content(lines[i])]
    if not above or not _is_content(lines[problem]):
        return None
    here = _indent(lines[problem])
    q, r = above[-1], (above[-2] if len(above) > 1 else None)
    there = _indent(lines[q])
    first_in_block = r is None or _opens_block(lines[r])
    # `registration:` and under it a first line indented wrong, then one indented right.
    if first_in_block:
        column = 0 if r is None else _parts(lines[r])[0]
        flat = r is not None and _is_item(lines[q]) and there == column  # `key:` then `- item` at its level
        if _off(lines[q], column + 2 if r is not None else 0, flat, here):
            return q, "indent"
    block = _misplaced_block(lines, above, here)
    if block is not None:
        return block, "indent"
    # One field moved out to the left between fields that belong together: YAML reads the next
    # line as more of that field's value, and stops there.
    item = _is_item(lines[problem])
    if (r is not None and there < here and not _opens_block(lines[q]) and not _is_item(lines[q])
            and (item or _parts(lines[problem])[1] is not None)):
        column, key, _, _ = _parts(lines[r])
        if ((_indent(lines[r]) == here and (_is_item(lines[r]) if item else key is not None and column == here))
                or (not item and _is_item(lines[r]) and key is not None and column == here)):
            return q, "indent"
    # `contact anna` above `deadline: ...` at the same indentation: the colon is missing up there.
    if (english.startswith("mapping values") and there == here and _parts(lines[q])[1] is None
            and not _is_item(lines[q]) and not lines[q].lstrip().startswith(("'", '"'))
            and (first_in_block or (_indent(lines[r]) == there and _parts(lines[r])[1] is not None))):
        return q, "colon"
    return None


def _misplaced_block(lines: list[str], above: list[int], here: int) -> int | None:
    """The first line of a block around the line YAML stopped at, when it alone sets an indentation
    that is off, and the stopped line stands where the block should be.

    The first line of a block decides the block's indentation, so a wrongly indented first line is
    only noticed at the next line that is right. Walks out from the line above, block by block.
    """
    level, first, alone = _indent(lines[above[-1]]), above[-1], True
    for line in reversed(above[:-1]):
        depth = _indent(lines[line])
        if depth > level:
            continue  # deeper: inside the block
        if depth == level:
            first, alone = line, False
            continue
        column, key, _, _ = _parts(lines[line])  # `line` holds the block that begins at `first`
        if _opens_block(lines[line]):
            should = column + 2
            flat = _is_item(lines[first]) and _indent(lines[first]) == column  # `key:` then `- item` at its level
        elif _is_item(lines[line]) and key is not None:
            should, flat = column, False  # the rest of a `- key: value` item's fields
        else:
            return None  # a text continued over lines, not a block
        if alone and _off(lines[first], should, flat, here):
            return first
        level, first, alone = depth, line, True
    return first if alone and _off(lines[first], 0, False, here) else None


def _off(line: str, should: int, flat: bool, here: int) -> bool:
    """The line is not where its block should be, and `here` (the next line that YAML stopped at) is."""
    there, below = _indent(line), _is_item(line) or _opens_block(line)  # lines under it would be 2 further in
    return there != should and ((here == should and not flat) or (below and here == should + 2))


def _missing_colon_fix(line: str) -> str:
    words = line.strip().split(None, 1)
    example = f"{words[0]}: {words[1]}" if len(words) == 2 else f"{words[0] if words else 'title'}: ..."
    return f"skriv et kolon og et mellemrum efter feltnavnet, fx {example}"


# Quotes: the commonest YAML mistake in a text field.

def _quote_mistake(error: yaml.MarkedYAMLError, lines: list[str], problem: int | None, context: int | None,
                   line_offset: int) -> tuple[int, str, str, str] | None:
    if "quoted scalar" in (error.context or "") and context is not None and context < len(lines):
        if any(word in (error.problem or "") for word in ("escape", "hexadecimal", "hexdecimal")):
            return _backslash(lines[context], context)
        return _unclosed(lines[context], context, None, line_offset)  # runs to the end of the text
    if problem is None or problem >= len(lines):
        return None
    early = _closes_early(lines[problem], problem)
    if early is not None:
        return early
    # A quote opened higher up and closed only on the line YAML stopped at.
    line, block = 0, None
    while line < problem:
        if block is not None and (not lines[line].strip() or _indent(lines[line]) > block):
            line += 1  # inside a | or > block: text, not YAML
            continue
        block = None
        opened = _opening(lines[line])
        if opened is not None:
            column, quote = opened
            end = _closing_line(lines, line, column, quote)
            if end == problem and end != line:
                return _unclosed(lines[line], line, problem, line_offset)
            if end is not None and end > line:
                line = end + 1
                continue
        elif _parts(lines[line])[2][:1] in ("|", ">"):
            block = _indent(lines[line])
        line += 1
    return None


def _opening(line: str) -> tuple[int, str] | None:
    """(column, quote) when the line's value begins with a quote."""
    if not _is_content(line):
        return None
    lead, key, value, column = _parts(line)
    if value[:1] in ("'", '"') and (key is not None or lead > _indent(line)):
        return column, value[0]
    return None


def _close(text: str, start: int, quote: str) -> int | None:
    """Index of the quote that closes the one at `start`, or None."""
    i = start + 1
    while i < len(text):
        char = text[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":  # '' is one ' inside '...'
                i += 2
                continue
            return i
        i += 1
    return None


def _closing_line(lines: list[str], line: int, column: int, quote: str) -> int | None:
    rest = "\n".join(lines[line:])
    end = _close(rest, column, quote)
    return None if end is None else line + rest.count("\n", 0, end)


def _example(key: str | None, value: str) -> str:
    return f"{key}: {value}" if key else f"- {value}"


def _in_quotes(text: str) -> str:
    """The text as a YAML value in quotes that are not in it."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _closes_early(line: str, number: int) -> tuple[int, str, str, str] | None:
    """`summary: "Vi fortæller" om ...`: the quotes end and text follows on the same line."""
    opened = _opening(line)
    if opened is None:
        return None
    column, quote = opened
    end = _close(line, column, quote)
    if end is None:
        return None
    after = line[end + 1:].strip()
    if not after or after.startswith("#"):
        return None
    key = _parts(line)[1]
    value = line[column:].strip()
    other = "'" if quote == '"' else '"'
    name = "enkelte anførselstegn (')" if quote == "'" else 'anførselstegn (")'
    if value.endswith(quote) and len(value) > 1:  # meant as one text in quotes, with the same quote inside
        inner = value[1:-1]
        if quote == "'":
            doubled = quote + inner.replace("'", "''") + quote
            fix = (f"skriv ' to gange inde i teksten: {_example(key, doubled)}"
                   + (f", eller brug \" udenom: {_example(key, other + inner + other)}" if other not in inner else ""))
        else:
            fix = (f"brug ' udenom: {_example(key, _in_quotes(inner) if chr(39) in inner else other + inner + other)}"
                   + (f", eller ' inde i teksten: {_example(key, quote + inner.replace(quote, other) + quote)}"
                      if other not in inner else ""))
        return number, key or "", f"teksten står i {name}, men der står også {quote} inde i teksten", fix
    whole = value.replace(quote, "").strip()
    keep = _in_quotes(value) if quote == "'" or "'" in value else f"'{value}'"
    if ":" in after:
        reason = "anførselstegnene slutter før kolonet, så YAML tror, at resten er et nyt felt"
    else:
        reason = "anførselstegnene slutter, før teksten gør"
    fix = (f"sæt anførselstegn om hele teksten, fx {_example(key, _in_quotes(whole))}. Skal anførselstegnene inde "
           f"i teksten blive stående, så brug den anden slags udenom: {_example(key, keep)}")
    return number, key or "", reason, fix


def _unclosed(line: str, number: int, noticed: int | None, line_offset: int) -> tuple[int, str, str, str]:
    """`summary: "Vi fortæller om panelet`: the quote is never closed on its line."""
    opened = _opening(line)
    _, key, value, _ = _parts(line)
    later = f" (YAML opdager det først i linje {noticed + 1 + line_offset})" if noticed is not None else ""
    if opened is None:  # a quote that opens elsewhere in the line, e.g. inside [ ... ]
        return number, key or "", "et anførselstegn bliver ikke lukket" + later, \
            "sæt det samme anførselstegn i begge ender af teksten, på samme linje"
    quote = opened[1]
    inner = value[1:]
    other = "'" if quote == '"' else '"'
    if inner.endswith(other):
        return (number, key or "", f"teksten begynder med {quote} og slutter med {other}" + later,
                f"brug det samme anførselstegn i begge ender, fx {_example(key, quote + inner[:-1] + quote)}")
    return (number, key or "", "anførselstegnet bliver ikke lukket" + later,
            f"sæt {quote} til sidst i teksten, på samme linje, fx {_example(key, quote + inner.rstrip() + quote)}")


def _backslash(line: str, number: int) -> tuple[int, str, str, str]:
    _, key, value, _ = _parts(line)
    inner = value[1:-1] if value.endswith('"') else value[1:]
    return (number, key or "", 'der står en \\ i en tekst i anførselstegn ("), og YAML forstår den ikke',
            f"brug enkelte anførselstegn udenom, fx {_example(key, _in_quotes(inner))}, eller skriv \\\\ for hver \\")


def _convert(node: yaml.Node, rel: str, offset: int, problems: list[Problem]) -> Node:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.ScalarNode):
        return Scalar(text=node.value, line=line, quoted=node.style not in (None, ""))
    if isinstance(node, yaml.SequenceNode):
        return Seq(items=tuple(_convert(n, rel, offset, problems) for n in node.value), line=line)
    entries = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1 + offset
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(path=rel, line=key_line, field="", message="et feltnavn skal være et enkelt ord",
                                    fix="skriv feltet som navn: værdi"))
            continue
        key = key_node.value
        if key in seen:
            problems.append(Problem(path=rel, line=key_line, field=key,
                                    message=f"feltet står to gange (også i linje {seen[key]})",
                                    fix="slet den ene af dem"))
            continue
        seen[key] = key_line
        entries.append((key, key_line, _convert(value_node, rel, offset, problems)))
    return Map(entries=tuple(entries), line=line)
