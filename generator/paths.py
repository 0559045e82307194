"""Where the tool's own files are: the packaged templates, hand-written pages and base config."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_TEMPLATES = ROOT / "site_templates"
CONTENT = ROOT / "content"
OVERRIDE_FOLDER = "templat"
