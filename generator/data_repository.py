"""``lkjip init``: start a kabupaten's own data repository.

The repository holds what a kabupaten edits (``data/``, ``content/``, template overrides)
and what makes it publish itself (a CI workflow), while the tool and its defaults come from
``pip install lkjip``. Like ``lkjip baru`` it writes a *valid draft* and never overwrites:
the folder must be empty or not exist yet.
"""

from __future__ import annotations

import importlib.metadata
import json
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.errors import UserError
from generator.load import TEMPLATE_FOLDER
from generator.paths import CONTENT, OWN_CONTENT, SITE_TEMPLATES
from generator.scaffold import plan_new_kecamatan
from generator.schema_docs import json_schemas, render_reference

DATA_FOLDER = "data"  # the folder every command reads by default
SCHEMA_FOLDER = "schemas"  # where the YAML files' editor modelines point (../../schemas/…)
STARTER = SITE_TEMPLATES / "repositori"
TEMPLATE_NOTE = "BACA-SAYA.md"
DATA_REFERENCE = "docs/data.md"  # as in lkjip's own repository, so "Lihat docs/data.md" holds
# Entries a fresh clone of an empty remote repository already holds.
ALLOWED_BEFORE = frozenset({".git"})


@dataclass(frozen=True)
class Pemasangan:
    """How the new repository's CI installs lkjip: a pip requirement, and why CI may not
    reach it (None when it can)."""

    syarat: str
    peringatan: str | None = None


def installed_from() -> Pemasangan:
    """The requirement that installs the lkjip running now, as its installer recorded it
    (PEP 610 ``direct_url.json``): the same commit of a git repository, else this version
    from the package index. A local folder or file cannot be reached from CI: say so."""
    pinned = f"lkjip=={__version__}"
    try:
        raw = importlib.metadata.distribution("lkjip").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        raw = None
    if raw is None:  # from an index (PyPI or a mirror), or not installed at all
        return Pemasangan(pinned)
    try:
        direct = json.loads(raw)
        url, vcs = str(direct["url"]), direct.get("vcs_info")
    except (ValueError, KeyError, TypeError):
        return Pemasangan(pinned, _LOCAL)
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and not url.startswith("file:"):
        commit = str(vcs.get("commit_id", ""))
        return Pemasangan(f"lkjip @ git+{url}" + (f"@{commit}" if commit else ""))
    if url.startswith(("https://", "http://")):
        return Pemasangan(f"lkjip @ {url}")
    return Pemasangan(pinned, _LOCAL)


_LOCAL = (
    "lkjip terpasang dari folder atau berkas di komputer ini, yang tidak dapat dijangkau CI; "
    "ganti baris 'Pasang lkjip' di .github/workflows/lkjip.yml dengan sumber yang dapat "
    f'dijangkau, mis. "lkjip @ git+https://github.com/PEMILIK/lkjip@v{__version__}"'
)


def plan_repository(
    folder: Path, slug: str, year: int, pemasangan: Pemasangan | None = None
) -> dict[Path, str]:
    """Every file of a new data repository in ``folder`` with one draft kecamatan ``slug``;
    its CI installs lkjip with ``pemasangan`` (default: :func:`installed_from`)."""
    _require_empty(folder)
    pemasangan = pemasangan or installed_from()
    files = plan_new_kecamatan(folder / DATA_FOLDER, slug, year)
    kab, _, kec = slug.strip("/").partition("/")
    names = {
        "{kabupaten}": kab.replace("-", " ").title(),
        "{kab}": kab,
        "{kec}": kec,
        "{versi}": __version__,
        "{pemasangan}": pemasangan.syarat,
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
    # The data format reference the YAML comments point to, for this version of lkjip.
    files[folder / DATA_REFERENCE] = render_reference()
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
