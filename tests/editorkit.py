"""YAML read as an editor's YAML 1.2 tool reads it, to test the JSON Schemas and new files against."""
from __future__ import annotations


def load_like_editor(text: str):
    """YAML as an editor's YAML 1.2 tool hands it to a schema validator.

    PyYAML implements YAML 1.1: its safe_load reads unquoted 17:00 as 1020,
    2016-10-05 as a date and ja/nej/yes/no/on/off as booleans. This loader is
    PyYAML's safe loader with the YAML 1.2 core schema's rules instead:
    only true/false are booleans, only plain decimal numbers are numbers,
    everything else stays text, as in the yaml-language-server.
    """
    import re

    import yaml

    class Yaml12Loader(yaml.SafeLoader):
        pass

    Yaml12Loader.yaml_implicit_resolvers = {}
    rules = [
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        ("tag:yaml.org,2002:float",
         r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
         "-+0123456789."),
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ]
    for tag, pattern, first in rules:
        Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))

    def construct_int(loader, node):
        value = loader.construct_scalar(node)
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value)  # YAML 1.2: 0800 is 800, not octal; no 1_000, no 1:20

    Yaml12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    return yaml.load(text, Loader=Yaml12Loader)
