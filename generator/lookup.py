"""Template lookup: a kecamatan's ``templat/`` folder, then its kabupaten's, then the packaged
``site_templates/``. Every output that renders templates (site, PDF) looks them up here."""

from __future__ import annotations

from pathlib import Path

from generator.model import Kabupaten, Kecamatan
from generator.paths import SITE_TEMPLATES

OVERRIDE_FOLDER = "templat"


def search_path(kab: Kabupaten, kec: Kecamatan | None) -> list[Path]:
    """Template folders in lookup order."""
    paths = [kec.folder / OVERRIDE_FOLDER] if kec is not None else []
    paths += [kab.folder / OVERRIDE_FOLDER, SITE_TEMPLATES]
    return [p for p in paths if p.is_dir()]
