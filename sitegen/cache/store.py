"""Store: every memo a build keeps between builds, behind one small interface.

Helper of the engine. Imports: buildcache, stagecache, pagecache, gates, markup,
render. The build command keeps the memos on disk in SITE/.cache/sitegen/, one
file each in one format under one version key (disk.py: `Store.on_disk`), the
preview keeps them in memory for as long as it runs (`Store.in_memory`);
`pipeline.build_site` takes either as its `store`, and `after_build()` saves them
(on disk) or keeps only what the build used (in memory). What each memo holds is
said in the module that owns it.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.checks.gates import FindingsMemo
from sitegen.render.markup import Conversions
from sitegen.render.pages import RenderCache


@dataclass
class Store:
    conversions: Conversions = field(default_factory=Conversions)  # Markdown converted (buildcache)
    findings: FindingsMemo = field(default_factory=FindingsMemo)  # each source file's findings (buildcache)
    parsed: dict = field(default_factory=dict)  # files parsed and scanned for CPR numbers (stagecache)
    scanned: dict = field(default_factory=dict)  # pages scanned for links (stagecache)
    pages: RenderCache = field(default_factory=RenderCache)  # rendered item pages (pagecache)
    site_dir: Path | None = None  # where the memos are kept on disk; None: in memory only

    @classmethod
    def in_memory(cls) -> Store:
        return cls()

    @classmethod
    def on_disk(cls, site_dir: Path) -> Store:
        """Every memo as the last build left it; an old, damaged or foreign one is read as empty."""
        from sitegen.cache.buildcache import load_conversions, load_findings
        from sitegen.cache.pagecache import load_page_cache
        from sitegen.cache.stagecache import load_links_memo, load_load_memo

        store = cls(conversions=load_conversions(site_dir), findings=load_findings(site_dir),
                    parsed=load_load_memo(site_dir), scanned=load_links_memo(site_dir),
                    pages=load_page_cache(site_dir), site_dir=Path(site_dir))
        # The memos are millions of objects that live until the process ends (read with the
        # collector off: disk.read_cache); frozen, later collections do not walk them
        # again (0.5-1 s of a rebuild at 10,000 pages).
        gc.freeze()
        return store

    def after_load(self) -> None:
        """After a build that stopped at content problems: keep what load and the link scan learnt."""
        if self.site_dir is not None:
            from sitegen.cache.stagecache import save_links_memo, save_load_memo

            save_load_memo(self.site_dir, self.parsed)  # the next build parses only what changed
            save_links_memo(self.site_dir, self.scanned)

    def after_build(self) -> None:
        """On disk: save every memo. In memory: keep only what this build used, so nothing grows with each save."""
        if self.site_dir is None:
            for memo in (self.conversions, self.findings):
                if memo.used:
                    memo.known, memo.used = memo.used, {}
            return
        from sitegen.cache.buildcache import save_conversions, save_findings
        from sitegen.cache.pagecache import save_page_cache

        self.after_load()
        save_conversions(self.site_dir, self.conversions)
        save_findings(self.site_dir, self.findings)
        save_page_cache(self.site_dir, self.pages)  # writes only when pages came or went
