"""The engine behind build.py: load -> validate -> assemble -> render -> write.

The two constants every stage shares live here, once.
"""
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # build.py, templates/, node_modules/
COPENHAGEN = ZoneInfo("Europe/Copenhagen")  # every moment the site shows or is built for
DEFAULT_KEEP = 5  # releases publishing keeps (here, not in publish.py: `build.py --help` must not import it)
