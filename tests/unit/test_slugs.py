"""Addresses from titles and file names: sitegen.core.slugs.slugify follows the contract (docs/content-model.md)."""
from __future__ import annotations

from sitegen.core.slugs import slugify


def test_slugs_follow_the_contract():
    assert slugify("Børnemøde på Rådhuset") == "boernemoede-paa-raadhuset"
    assert slugify("Ærø 2016") == "aeroe-2016"
    assert slugify("Café/møde") == "caf--moede"
