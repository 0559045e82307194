"""``lkjip init``: start a kabupaten's own data repository.

The repository holds what a kabupaten edits (``data/``, ``content/``, template overrides)
and what makes it publish itself (a CI workflow), while the tool and its defaults come from
``pip install lkjip``. Like ``lkjip baru`` it writes a *valid draft* and never overwrites:
the folder must be empty or not exist yet.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator import __version__
from generator.errors import UserError
from generator.load import TEMPLATE_FOLDER
from generator.paths import CONTENT, OWN_CONTENT, SITE_TEMPLATES
from generator.scaffold import plan_new_kecamatan
from generator.schema_docs import json_schemas

DATA_FOLDER = "data"  # the folder every command reads by default
SCHEMA_FOLDER = "schemas"  # where the YAML files' editor modelines point (../../schemas/…)
STARTER = SITE_TEMPLATES / "repositori"
TEMPLATE_NOTE = "BACA-SAYA.md"
# Entries a fresh clone of an empty remote repository already holds.
ALLOWED_BEFORE = frozenset({".git"})


def plan_repository(folder: Path, slug: str, year: int) -> dict[Path, str]:
    """Every file of a new data repository in ``folder`` with one draft kecamatan ``slug``."""
    _require_empty(folder)
    files = plan_new_kecamatan(folder / DATA_FOLDER, slug, year)
    kab, _, kec = slug.strip("/").partition("/")
    names = {
        "{kabupaten}": kab.replace("-", " ").title(),
        "{kab}": kab,
        "{kec}": kec,
        "{versi}": __version__,
    }
    starter = {
        "README.md": "README.md",
        ".gitignore": "gitignore",
        ".github/workflows/lkjip.yml": "lkjip.yml",
        f"{DATA_FOLDER}/{kab}/{TEMPLATE_FOLDER}/{TEMPLATE_NOTE}": "templat.md",
    }
    for target, source in starter.items():
        files[folder / target] = _filled((STARTER / source).read_text(encoding="utf-8"), names)
    for page in sorted(CONTENT.rglob("*.md")):
        files[folder / OWN_CONTENT / page.relative_to(CONTENT)] = page.read_text(encoding="utf-8")
    for name, schema in json_schemas().items():
        text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        files[folder / SCHEMA_FOLDER / name] = text
    return files


def _filled(text: str, names: dict[str, str]) -> str:
    for placeholder, value in names.items():
        text = text.replace(placeholder, value)
    return text


def _require_empty(folder: Path) -> None:
    """Refuse anything but a missing folder or an empty one (a bare ``.git`` allowed)."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise UserError(f"'{folder}' bukan folder; pilih folder kosong atau yang belum ada")
    present = sorted(p.name for p in folder.iterdir() if p.name not in ALLOWED_BEFORE)
    if present:
        shown = ", ".join(present[:3]) + (", …" if len(present) > 3 else "")
        raise UserError(
            f"folder '{folder}' tidak kosong (berisi {shown}); lkjip init hanya mengisi folder "
            "kosong atau yang belum ada, tidak ada yang ditimpa"
        )
