"""Stage 5: the site builder, behind one seam: a rendered :class:`generator.site.Site` in,
a published folder out.

:func:`bangun_situs` writes the site's Markdown pages and files, its ``mkdocs.yml`` (the
repository's base config, then name, folders and navigation), builds it with MkDocs and
Material (:mod:`generator.situs_mkdocs`, in this process), checks every link
(:mod:`generator.tautan`) and makes the search index Indonesian (:mod:`generator.search`).
Replacing MkDocs means replacing this module; nothing else calls the builder.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from generator import situs_mkdocs
from generator.errors import DataErrors, Issue
from generator.paths import BASE_CONFIG, IFRAME_WORKER_SHIM, SITE_TEMPLATES, THEME_OVERRIDES
from generator.search import indonesianize_index
from generator.site import Site, abbreviations
from generator.tautan import mkdocs_issues, narrative_link_issues

ASSETS = "assets/lkjip"


def bangun_situs(site: Site, work: Path, target: Path) -> None:
    """Build ``site`` into ``target`` (emptied first), its sources written under ``work``;
    raise ``DataErrors`` when a link in it leads nowhere."""
    docs = work / "docs"
    # The glossary's abbreviations become tooltips (Markdown ``abbr``) on every page.
    glossary = abbreviations()
    for rel, text in site.pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.rstrip("\n") + "\n\n" + glossary + "\n", encoding="utf-8")
    for rel, source in site.copies.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
    for rel, data in site.files.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assets = docs / ASSETS
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SITE_TEMPLATES / "assets" / "lkjip.css", assets / "lkjip.css")
    shutil.copyfile(SITE_TEMPLATES / "assets" / "urut.js", assets / "urut.js")
    shutil.copyfile(IFRAME_WORKER_SHIM, assets / "iframe-worker-shim.js")
    config = work / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(site_config(site, docs, target), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    issues = run_mkdocs(config, site)
    # MkDocs writes 404.html with root-relative asset links, which break under a sub-path
    # or from a local folder; a relocatable site is better off without it.
    (target / "404.html").unlink(missing_ok=True)
    issues += narrative_link_issues(site, target)
    if issues:  # strict: the site is complete, but a link in it leads nowhere
        raise DataErrors(issues)
    indonesianize_index(target)


def site_config(site: Site, docs: Path, target: Path) -> dict[str, Any]:
    """This site's mkdocs.yml: the repository's base config plus name, folders and nav."""
    config: dict[str, Any] = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
    config |= {
        # Material prints site_name and nav titles without escaping; names come from data.
        "site_name": str(escape(site.nama + (" (draf)" if site.draf else ""))),
        "docs_dir": str(docs),
        "site_dir": str(target),
        "nav": _escape_nav(site.nav),
        "use_directory_urls": False,
        "extra_css": [f"{ASSETS}/lkjip.css"],
        "extra_javascript": [f"{ASSETS}/urut.js"],
    }
    extra = dict(config.get("extra") or {})
    # A local copy keeps Material's offline plugin from linking the shim on a CDN.
    extra["polyfills"] = [f"{ASSETS}/iframe-worker-shim.js"]
    extra["generator"] = False
    # Printed by the footer partial, which escapes every value (they come from data).
    extra["lkjip"] = site.kaki
    config["extra"] = extra
    config["theme"] = dict(config["theme"], custom_dir=str(THEME_OVERRIDES))
    return config


def _escape_nav(nav: Any) -> Any:
    """HTML-escape every title in a nav tree (titles may contain names from data)."""
    if isinstance(nav, list):
        return [_escape_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {str(escape(title)): _escape_nav(value) for title, value in nav.items()}
    return nav


def run_mkdocs(config: Path, site: Site) -> list[Issue]:
    """Build one site with MkDocs (in this process, see :mod:`generator.situs_mkdocs`);
    return its warnings (a broken link or anchor, …) as located issues: each fails the build."""
    return mkdocs_issues(site, situs_mkdocs.build(config, site.slug))
