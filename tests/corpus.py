"""A deterministic, generated site of about N pages (not a test itself).

Shared by the benchmarks (bench/build_bench.py, bench/preview_latency.py) and the tests of large sites
(tests/integration/test_build_cache.py, test_render_parallel.py); it lives with the tests so that they
never import a benchmark.
"""
from __future__ import annotations

import random
import shutil
from pathlib import Path

WORDS = ("barn familie sag sagsbehandling kvalitet handleplan rådgiver forældre udvalg møde "
         "tiltag opfølgning dokumentation støtte ledelse medarbejder kommune center undersøgelse "
         "indsats samarbejde borger panel rapport status anbringelse aflastning tid rammer "
         "sparring faglig ny gammel vigtig hurtig grundig tydelig fælles").split()

DATA = {
    "data/site.yaml": "title: Prøvesite\norganisation: Prøvekommune\nbase_url: https://example.org/proeve/\ncontact: anna\n",
    "data/people.yaml": "anna:\n  name: Anna Andersen\n  role: Koordinator\n  email: anna@example.org\n",
    "data/venues.yaml": ("raadhus:\n  name: Prøverådhus\n  address: Prøvevej 1\n  postal_code: \"4000\"\n"
                         "  city: Prøveby\n  accessibility: Elevator til 1. sal.\n"),
}


def _sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _table(rng: random.Random) -> str:
    rows = ["| Område | Antal | Bemærkning |", "|---|---:|---|"]
    rows += [f"| {rng.choice(WORDS).capitalize()} | {rng.randint(1, 400)} | {_sentence(rng, 4)} |" for _ in range(4)]
    return "\n".join(rows)


def _body(rng: random.Random, links: list[str], table: bool = False) -> str:
    """About 500 words: headings, paragraphs, a list and links to other pages (and maybe a table)."""
    parts = []
    for section in range(4):
        parts.append(f"## {_sentence(rng, 4)[:-1]}")
        parts.append(" ".join(_sentence(rng) for _ in range(6)))
        parts.append("\n".join(f"- {_sentence(rng, 6)}" for _ in range(3)))
        link = rng.choice(links)
        parts.append(f"{_sentence(rng, 10)} Læs mere på [denne side]({link}).")
        if table and section == 1:
            parts.append(_table(rng))
    return "\n\n".join(parts) + "\n"


def generate_site(root: Path, pages: int = 1000, seed: int = 4, linked: bool = False) -> Path:
    """Write a site of about `pages` HTML pages into root (mostly updates); return root.

    `linked` (the build benchmark) scales meetings and initiatives with the size,
    adds minutes of the past meetings, tables on every fifth page, and updates
    that name initiatives; without it the site is the preview benchmark's.
    """
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    meetings, initiatives, free = 30, 20, 10
    minutes = 0
    if linked:
        meetings, initiatives, free = max(30, pages // 25), max(20, pages // 25), 10
        minutes = meetings // 2
    updates = max(pages - meetings - minutes - initiatives - free - 7, 1)
    files = dict(DATA)
    links = ["/moeder/", "/tiltag/", "/status/"] + [f"/tiltag/tiltag-{i:03d}/" for i in range(initiatives)]
    if linked:
        links += [f"/moeder/moede-{i:03d}/" for i in range(0, meetings, 7)]
    for i in range(meetings):
        files[f"content/meetings/moede-{i:03d}.md"] = (
            f"---\ntitle: Borgermøde nummer {i}\ndate: 2016-{1 + i % 12:02d}-{1 + i % 27:02d}\n"
            f"start: \"17:00\"\nend: \"18:30\"\nvenue: raadhus\nregistration:\n  contact: anna\n---\n" + _body(rng, links))
    held = [i for i in range(meetings) if i % 12 < 8][:minutes]  # meetings from January to August 2016
    for i in held:  # minutes only of meetings held before the benchmarks' and tests' moment (2016-10-01)
        files[f"content/minutes/referat-{i:03d}.md"] = (
            f"---\ntitle: Referat af borgermøde nummer {i}\nmeeting: moede-{i:03d}\n---\n" + _body(rng, links, table=True))
    for i in range(initiatives):
        files[f"content/initiatives/tiltag-{i:03d}.md"] = (
            f"---\ntitle: Tiltag nummer {i}\ndeadline: 2017-{1 + i % 12:02d}-01\nstatus: i-gang\n"
            f"updated: 2016-09-01\n---\n" + _body(rng, links))
    for i in range(free):
        files[f"content/pages/side-{i:03d}.md"] = f"---\ntitle: Side nummer {i}\n---\n" + _body(rng, links)
    for i in range(updates):
        day = 1 + i % 28
        named = f"initiatives:\n  - tiltag-{i % initiatives:03d}\n" if linked and i % 3 == 0 else ""
        files[f"content/updates/nyhed-{i:04d}.md"] = (
            f"---\ntitle: Nyhed nummer {i}\nsummary: {_sentence(rng, 14)}\ndate: 2016-{1 + i % 12:02d}-{day:02d}\n"
            f"category: nyhed\n{named}---\n" + _body(rng, links, table=linked and i % 5 == 0))
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
