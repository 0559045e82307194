"""Where the tool's own packaged files are: the templates, the hand-written pages, the base
``mkdocs.yml`` and the vendored browser assets.

In the repository they stay at its top level (``site_templates/``, ``content/``,
``mkdocs.yml``, the fixed layout); a built wheel carries copies of them inside the package,
as ``generator/_packaged/`` (see ``setup.py``). Both are found through the package's
resources, so ``lkjip`` works from a checkout, an editable install and a wheel alike. This
module imports nothing from the generator: every other module may use it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGED_FOLDER = "_packaged"  # inside the installed package; written by setup.py


def _root() -> Path:
    """The folder holding ``site_templates/``, ``content/`` and ``mkdocs.yml``."""
    package = files("generator")
    # MkDocs and Jinja need real folders: a zipped install (zipimport) cannot work.
    if not isinstance(package, Path):
        raise RuntimeError(f"lkjip harus dipasang sebagai folder, bukan arsip: {package}")
    installed = package / PACKAGED_FOLDER
    return installed if installed.is_dir() else package.parent


ROOT = _root()
SITE_TEMPLATES = ROOT / "site_templates"
CONTENT = ROOT / "content"
BASE_CONFIG = ROOT / "mkdocs.yml"
# The files a new kabupaten.yaml (``lkjip baru``, ``lkjip init``) starts from.
NEW_KABUPATEN = SITE_TEMPLATES / "baru" / "kabupaten.yaml"
# Material overrides (footer, Indonesian UI strings): the theme's own partials, replaced.
THEME_OVERRIDES = SITE_TEMPLATES / "tema"
# Third-party browser assets copied into every site; versions in vendor/README.md.
VENDOR = SITE_TEMPLATES / "vendor"
IFRAME_WORKER_SHIM = VENDOR / "iframe-worker" / "shim.js"
SASTRAWIJS = VENDOR / "sastrawijs" / "sastrawijs.umd.js"
SASTRAWIJS_LICENCE = VENDOR / "sastrawijs" / "LICENSE"
# The folder, beside the data folder, whose hand-written pages replace the packaged ones.
OWN_CONTENT = "content"


def content_folder(data_root: Path) -> Path:
    """The hand-written pages for the data at ``data_root``: the ``content/`` folder beside
    it when there is one (a kabupaten's own repository, made by ``lkjip init``), else the
    packaged pages. The whole folder is chosen, never page by page, so a page deleted there
    is not silently brought back from the package."""
    own = data_root.parent / OWN_CONTENT
    return own if own.is_dir() else CONTENT
