"""`make check` and `build.py check` print the guide's LIX. Every gate runs, axe in Chromium too, so these
are browser tests (the guide itself: tests/unit/test_guide.py)."""
from __future__ import annotations

import os
import subprocess

from tests.guidekit import examples, guide_lix
from tests.sitekit import REAL_SITE_NOW, ROOT, write_site


def test_make_check_prints_the_guides_lix(tmp_path):
    """`make check` (axe and the Nu checker too) on a site without a guide of its own shows the project's.

    The real site's own gates are run by its publish test (tests/browser/test_publish_real_site.py) and by .ci/run.
    """
    site = write_site(tmp_path / "site", examples())
    result = subprocess.run(["make", "-s", "--no-print-directory", "-o", ".venv/.installed-runtime",
                             "-o", "node_modules/.installed", "check", f"SITE={site}", f"NOW={REAL_SITE_NOW}"],
                            cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300,
                            env={k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"})
    assert result.returncode == 0, result.stderr
    assert f"Redaktørvejledningen (docs/redaktoer.md): LIX {guide_lix():.0f}\n" in result.stderr
