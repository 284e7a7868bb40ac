"""Load: read content/ and data/ into raw trees that keep the author's text.

Stage 1. Imports: problems, and PyYAML (the only module that does). PyYAML's
implicit typing would turn `17:00` into 1020 and `no` into False, so we stop
at the node graph: every scalar stays the text the author typed, with its line.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import yaml

from sitegen.content.fields import invisible_character
from sitegen.content.files import MAX_FILE_BYTES, walk
from sitegen.content.nodes import DataFile, Loaded, Map, Node, Scalar, Seq, SourceFile
from sitegen.content.yamlerrors import yaml_error
from sitegen.core.problems import WARNING, Problem

try:  # the C parser is 5-7x faster; fall back when libyaml is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

CONTENT_TYPES = ("pages", "meetings", "minutes", "initiatives", "updates")
DATA_FILES = ("site", "people", "venues", "keyfigures")

# Limits that keep a hostile or broken file from stopping the build (a crash, hours, all memory).
MAX_DEPTH = 20  # fields and lists inside each other; the content model uses four at most
MAX_VALUES = 50_000  # scalars, lists and maps after YAML's references (*name) are followed
# The C composer recurses once per level with no limit of its own (it crashes at about 100,000),
# so the depth is bounded before composing: by the brackets and line leads when that is enough,
# else by the parser's events, which come without recursion.
_LEAD = re.compile(r"^[ \t?-]*", re.M)
















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
    for its input digest (buildstamp.read_sources), so a file is read once per build.
    """
    loaded = Loaded()
    loaded.memo = memo if memo is not None else {}
    loaded.sources = sources or {}
    content = site_dir / "content"
    if not content.is_dir():
        loaded.problems.append(Problem(path="content", line=1, field="", message="mappen content/ findes ikke",
                                       fix=f"opret mappen content/ i {site_dir} eller angiv den rigtige mappe med --site"))
    else:
        _load_content(site_dir, loaded)
    _load_data(site_dir, loaded)
    for stale in [key for key in loaded.memo if key[0] in _MEMO_TAGS and key not in loaded.used]:
        del loaded.memo[stale]  # files changed or gone: keep memory bounded
    return loaded


def _rel(site_dir: Path, path: Path) -> str:
    return path.relative_to(site_dir).as_posix()


def _is_ignored_name(name: str) -> bool:
    """Hidden files and editors' temporary files are never content."""
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))


def _load_content(site_dir: Path, loaded: Loaded) -> None:
    listing = walk(site_dir, "content", _is_ignored_name)
    loaded.problems.extend(listing.problems)
    entries = sorted(listing.entries, key=lambda entry: entry.rel != "content/index.md")  # the index first
    for entry in entries:
        parts = entry.rel.split("/")
        if len(parts) == 2:
            if entry.rel == "content/index.md" and entry.is_file:
                _load_markdown(site_dir, Path(entry.path), "index", loaded, entry.rel)
            elif entry.is_file or parts[1] not in CONTENT_TYPES:
                _unknown(entry.rel, parts[1], loaded)
        elif parts[1] in CONTENT_TYPES and entry.is_file:
            if entry.rel.endswith(".md"):
                _load_markdown(site_dir, Path(entry.path), parts[1], loaded, entry.rel)
            else:
                loaded.warnings.append(Problem(path=entry.rel, line=1, field="",
                                               message="filen bliver ikke brugt, fordi den ikke ender på .md",
                                               fix="omdøb den til .md, hvis den skal på siden, eller flyt den ud af content/",
                                               level=WARNING))


def _unknown(rel: str, name: str, loaded: Loaded) -> None:
    from difflib import get_close_matches  # only on this rare path

    guess = get_close_matches(name, CONTENT_TYPES, n=1)
    hint = f"mente du content/{guess[0]}/?" if guess else "mapperne hedder " + ", ".join(f"content/{t}/" for t in CONTENT_TYPES)
    loaded.problems.append(Problem(path=rel, line=1, field="", message="ukendt fil eller mappe i content/", fix=hint))


def read_bytes(rel: str, path: Path, problems: list[Problem], sources: dict[str, bytes] | None = None) -> bytes | None:
    if sources:
        known = sources.get(str(path))
        if known is not None:
            return known if _within_limit(rel, len(known), problems) else None
    try:
        with open(path, "rb") as stream:
            if not _within_limit(rel, os.fstat(stream.fileno()).st_size, problems):
                return None
            return stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        problems.append(Problem(path=rel, line=1, field="", message=f"filen kan ikke læses ({error.strerror})",
                                fix="tjek at filen findes, og at du har adgang til den"))
        return None


def _within_limit(rel: str, size: int, problems: list[Problem]) -> bool:
    if size <= MAX_FILE_BYTES:
        return True
    problems.append(Problem(path=rel, line=1, field="",
                            message=f"filen er for stor ({size / 1_000_000:.1f} MB; højst {MAX_FILE_BYTES // 1_000_000} MB)"
                            .replace(".", ","),
                            fix="del indholdet op i flere filer, eller fjern det, der fylder, fx indsatte billeder"))
    return False


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
    # The body's characters, as fields.invisible_character checks every value of the front matter;
    # here, where a file's parse is memoised, so an unchanged body is not searched again.
    found = invisible_character(body)
    if found is not None:
        index, message, fix = found
        problems.append(Problem(path=rel, line=close + 2 + body.count("\n", 0, index), field="", message=message,
                                fix=fix))
    return SourceFile(kind=kind, path=rel, stem=stem, meta=tree, body=body, body_line=close + 2), problems


def _load_data(site_dir: Path, loaded: Loaded) -> None:
    listing = walk(site_dir, "data", _is_ignored_name)
    loaded.problems.extend(listing.problems)
    files = {entry.rel: entry for entry in listing.entries if entry.is_file and entry.rel.count("/") == 1}
    for name in DATA_FILES:
        entry = files.get(f"data/{name}.yaml") or files.get(f"data/{name}.yml")
        if entry is None:
            if name == "site" and not any(p.path in (f"data/{name}.yaml", f"data/{name}.yml") for p in listing.problems):
                loaded.problems.append(Problem(path=f"data/{name}.yaml", line=1, field="", message="filen mangler",
                                               fix="opret data/site.yaml med mindst title, organisation og base_url"))
            continue
        raw = read_bytes(entry.rel, Path(entry.path), loaded.problems, loaded.sources)
        if raw is None:
            continue
        key = ("data", entry.rel, name, hashlib.sha256(raw).digest())
        loaded.used.add(key)
        if key not in loaded.memo:
            loaded.memo[key] = parse_data(entry.rel, name, raw)
        data, problems = loaded.memo[key]
        loaded.problems.extend(problems)
        if data is not None:
            loaded.data[name] = data
    known = {f"data/{n}{s}" for n in DATA_FILES for s in (".yaml", ".yml")}
    for entry in listing.entries:
        if entry.rel.count("/") == 1 and entry.rel not in known:
            loaded.warnings.append(Problem(path=entry.rel, line=1, field="", message="filen bliver ikke brugt",
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
    """Compose YAML to nodes and convert them; YAML errors and files past the limits become problems."""
    try:
        deep = _too_deep(text)
        if deep is not None:
            problems.append(Problem(path=rel, line=deep + 1 + line_offset, field="",
                                    message=f"felterne er lagt for dybt i hinanden (mere end {MAX_DEPTH} niveauer)",
                                    fix="skriv felterne som navn: værdi og lister med - på hver sin linje, og tjek at "
                                        "hver [ og { bliver lukket med ] og }"))
            return None
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        line, field_name, reason, fix = yaml_error(error, text, line_offset)
        problems.append(Problem(path=rel, line=line + 1 + line_offset, field=field_name,
                                message=f"YAML-fejl: {reason}", fix=fix))
        return None
    except yaml.reader.ReaderError as error:  # a character YAML cannot read: said like any other invisible one
        position = error.position if isinstance(error.position, int) else 0
        found = invisible_character(text[position:position + 1]) or (0, "der står et tegn, som YAML ikke kan læse",
                                                                      "slet tegnet")
        problems.append(Problem(path=rel, line=text.count("\n", 0, position) + 1 + line_offset, field="",
                                message=found[1].replace("først i teksten", "her"), fix=found[2]))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(path=rel, line=1 + line_offset, field="", message=f"YAML-fejl: {error}",
                                fix="tjek filens opbygning"))
        return None
    if node is None:
        return None
    try:
        return _Converter(rel, line_offset, problems).convert(node)
    except _TooManyValues as error:
        problems.append(Problem(path=rel, line=error.line, field="",
                                message=f"felterne fylder for mange værdier (mere end {MAX_VALUES:,})".replace(",", "."),
                                fix="skriv værdierne ud én gang i stedet for at henvise til dem med &navn og *navn"
                                    if error.aliases else "del indholdet op i flere filer"))
        return None


def _too_deep(text: str) -> int | None:
    """The 0-based line where nesting passes MAX_DEPTH, or None."""
    bound = text.count("[") + text.count("{") + max(map(len, _LEAD.findall(text)), default=0)
    if bound <= MAX_DEPTH:
        return None  # the common case: no need to parse twice
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.line
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


class _TooManyValues(Exception):
    def __init__(self, line: int, aliases: bool):
        self.line, self.aliases = line, aliases


class _Converter:
    """YAML nodes -> our nodes, counting every value made, so that references (*name) that
    multiply each other (an "alias bomb") stop at MAX_VALUES instead of filling the memory."""

    def __init__(self, rel: str, offset: int, problems: list[Problem]):
        self.rel, self.offset, self.problems = rel, offset, problems
        self.values = 0
        self.seen: set[int] = set()  # ids of the nodes converted: one seen again is a reference
        self.aliases = False

    def convert(self, node: yaml.Node) -> Node:
        line = node.start_mark.line + 1 + self.offset
        self.values += 1
        if id(node) in self.seen:
            self.aliases = True
        elif not isinstance(node, yaml.ScalarNode):
            self.seen.add(id(node))
        if self.values > MAX_VALUES:
            raise _TooManyValues(line, self.aliases)
        if isinstance(node, yaml.ScalarNode):
            return Scalar(text=node.value, line=line, quoted=node.style not in (None, ""))
        if isinstance(node, yaml.SequenceNode):
            return Seq(items=tuple(self.convert(n) for n in node.value), line=line)
        return self._map(node, line)

    def _map(self, node: yaml.MappingNode, line: int) -> Map:
        rel, problems = self.rel, self.problems
        entries = []
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + self.offset
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
            entries.append((key, key_line, self.convert(value_node)))
        return Map(entries=tuple(entries), line=line)
