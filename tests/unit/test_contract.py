"""The field tables in sitegen/content/model.py match the contract, docs/content-model.md.

docs/content-model.md is a copy of ../shared/content-model.md kept in the
repository (CI has only the clone); when ../shared is present, the copy must
be identical to it.
"""
from __future__ import annotations

import re

import pytest

from sitegen.content.fields import Choice, ListOf
from sitegen.content.model import COMMON, DATA_FIELDS, EXTENSIONS, TYPE_FIELDS
from tests.sitekit import ROOT

CONTRACT = (ROOT / "docs" / "content-model.md").read_text(encoding="utf-8")
SHARED = ROOT.parent / "shared" / "content-model.md"


def test_copy_of_contract_is_current():
    if SHARED.exists():  # the workspace has it; a clean clone in CI has only the copy
        assert SHARED.read_text(encoding="utf-8") == CONTRACT


def common_fields_in_contract() -> dict[str, bool]:
    section = CONTRACT.split("## Front matter (all types)")[1].split("##")[0]
    rows = re.findall(r"^\| (\w+) \| [^|]+ \| (yes|no) \|", section, re.MULTILINE)
    return {name: required == "yes" for name, required in rows}


def top_level_fields(text: str) -> dict[str, tuple[bool, list[str]]]:
    """`name` (details) at paren depth 0 -> (required?, backticked words in details)."""
    fields, depth, i = {}, 0, 0
    current = None
    while i < len(text):
        char = text[i]
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        elif char == "`" and depth == 0:
            end = text.index("`", i + 1)
            current = text[i + 1:end]
            fields[current] = (False, [])
            i = end
        if depth == 1 and char == "(" and current:
            close, level = i, 0
            for close in range(i, len(text)):
                level += {"(": 1, ")": -1}.get(text[close], 0)
                if level == 0:
                    break
            details = text[i + 1:close]
            fields[current] = ("required" in details, re.findall(r"`([^`]+)`", details))
        i += 1
    return fields


def type_fields_in_contract() -> dict[str, dict[str, tuple[bool, list[str]]]]:
    section = CONTRACT.split("## Type fields")[1].split("## URLs")[0]
    result = {}
    for match in re.finditer(r"\*\*(\w+)\*\*: (.*?)(?:\n\n|$)", section, re.DOTALL):
        # the field list ends at its first full stop; prose about the rules follows
        text = re.split(r"(?<=[)`])\.(?:\s|$)", match.group(2))[0]
        result[match.group(1)] = top_level_fields(text)
    return result


def data_fields_in_contract() -> dict[str, dict[str, bool]]:
    block = CONTRACT.split("## Data files")[1].split("```yaml")[1].split("```")[0]
    parts = re.split(r"^# data/(\w+)\.yaml.*$", block, flags=re.MULTILINE)
    result = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=False):
        if name in ("site", "keyfigures"):
            rows = re.findall(r"^(?:- |  )?(\w+):[^\n#]*(#[^\n]*)?$", body, re.MULTILINE)
            result[name] = {key: "required" in comment for key, comment in rows}
        else:
            keys = re.findall(r"(\w+): ", body.split("{", 1)[1].split("}", 1)[0])
            required_line = re.search(r"# ([\w, ]+) required", body).group(1)
            required = {k.strip() for k in required_line.split(",")}
            result[name] = {key: key in required for key in keys}
    return result


def test_common_fields_match():
    ours = {f.name: f.required for f in COMMON if ("common", f.name) not in EXTENSIONS}
    assert ours == common_fields_in_contract()


@pytest.mark.parametrize("kind", ["meetings", "minutes", "initiatives", "updates", "pages"])
def test_type_fields_match(kind):
    contract = type_fields_in_contract()[kind]
    ours = {f.name: f for f in TYPE_FIELDS[kind]}
    assert set(ours) - {n for k, n in EXTENSIONS if k == kind} == set(contract)
    for name, (required, words) in contract.items():
        # contract-required must be required; we may require more only where the
        # contract's prose does (a meeting's start is needed to say "kl. 17.00-18.30")
        if required:
            assert ours[name].required, name
        kind_ = ours[name].kind
        if isinstance(kind_, Choice):
            assert list(kind_.options) == words, name


def test_choice_lists_inside_lists_match():
    progress = {f.name: f for f in TYPE_FIELDS["initiatives"]}["progress"].kind
    assert isinstance(progress, ListOf)
    assert [f.name for f in progress.item.fields] == ["date", "status", "note"]


@pytest.mark.parametrize("name", ["site", "people", "venues", "keyfigures"])
def test_data_fields_match(name):
    contract = data_fields_in_contract()[name]
    ours = {f.name: f.required for f in DATA_FIELDS[name]}
    assert set(ours) - {n for k, n in EXTENSIONS if k == name} == set(contract)
    for key, required in contract.items():
        assert ours[key] == required, key


def test_extensions_are_documented():
    doc = (ROOT / "docs" / "udvidelser.md").read_text(encoding="utf-8")
    for kind, name in EXTENSIONS:
        assert f"`{name}" in doc, (kind, name)
