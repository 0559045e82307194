"""Where the packaged resources are: the templates, the hand-written pages, the repository root.

No generator imports: every stage may use these.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_TEMPLATES = ROOT / "site_templates"
CONTENT = ROOT / "content"
