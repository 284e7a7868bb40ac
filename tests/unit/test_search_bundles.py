"""How the search index is split: one Pagefind bundle for a small site, shards for a large one
(Pagefind itself runs in tests/integration/test_output_sync.py)."""
from __future__ import annotations

from sitegen.output import search


def test_shard_count_keeps_small_sites_in_one_bundle() -> None:
    assert [search.shard_count(n) for n in (0, 36, 2000, 2001, 4000, 4001, 10000)] == [1, 1, 1, 2, 2, 4, 8]
    assert search.bundle_dirs(["a.html"] * 3) == ["pagefind/"]
