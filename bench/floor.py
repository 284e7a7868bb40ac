#!/usr/bin/env python3
"""The floor: only what any generator on our stack must do for each page (not a test).

    python bench/floor.py SITE_DIR OUT_DIR

Reads every content/**/*.md, splits the front matter, parses it with PyYAML's
C loader, converts the body with Python-Markdown and our extensions (the same
converter as sitegen/render/markup.py), renders one trivial Jinja template and writes
one file. Nothing else: no validation, lists, feeds, links or checks.
"""
from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sitegen.render.markup import to_html  # noqa: E402  (Markdown with our extensions, one reused converter)

TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><html lang=\"da\"><title>{{ title }}</title><main>{{ body }}</main></html>\n")


def main(site: Path, out: Path) -> int:
    for path in sorted((site / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=yaml.CSafeLoader) or {}
        html = TEMPLATE.render(title=meta.get("title", ""), body=jinja2.utils.markupsafe.Markup(to_html(body)))
        target = out / path.relative_to(site / "content").with_suffix("") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
