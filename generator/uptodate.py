"""Decide, before reading any data file, whether the published site is already up to date.

A build in which nothing changed would still load and validate every file, only to link the
same sites into place again: ~7 s at 300 kecamatan. Instead, when every kecamatan site's
content key and the portal key (:mod:`generator.cache`) equal those recorded in ``site/``,
and the warnings of the build that recorded them are remembered, ``lkjip build`` leaves
``site/`` as it is and repeats those warnings.

This is safe because the keys cover every input of validation as well as of the site: the
bytes of every data file, the generator's code and the versions of its libraries. Equal keys
mean the same data checked by the same code, hence the same result. Any doubt (a folder the
loader would complain about, a missing record) takes the normal path; warnings are only
remembered after a build that succeeded, so data with errors never takes this one.
"""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

from generator import store
from generator.asal import BuildInfo, info_for
from generator.cache import portal_key, shared_key, site_key, stored_key
from generator.errors import Issue, Severity
from generator.load import discover, resolve_selection


def check(
    path: Path, out: Path, *, cetak: frozenset[str], drafts_in_portal: bool
) -> tuple[list[Issue] | None, BuildInfo | None]:
    """The warnings of the build that made ``out``, if ``out`` is up to date (else None),
    and the git facts read on the way (for the build that follows, when not up to date)."""
    selection = resolve_selection(path)
    if selection.kabupaten is not None:
        return None, None  # part of the data: the portal would show only that part
    sites = discover(selection.root)
    if sites is None:
        return None, None
    info = info_for(selection.root, sites)
    shared = shared_key()
    keys = {}
    for t in sites:
        slug = f"{t.kab.slug}/{t.kec.slug}"
        keys[slug] = site_key(t.kab, t.kec, info, cetak=cetak, shared=shared)
        if stored_key(out / slug) != keys[slug]:
            return None, info
    key = portal_key(keys, drafts_in_portal, selection.root)
    if stored_key(out) != key:
        return None, info
    return _recall(selection.root, key), info


def remember(path: Path, key: str, warnings: list[Issue]) -> None:
    """Record the warnings of a successful full build whose portal key is ``key``."""
    selection = resolve_selection(path)
    if selection.kabupaten is None:
        store.write("peringatan", _entry(selection.root, key), [astuple(w) for w in warnings])


def _recall(root: Path, key: str) -> list[Issue] | None:
    found = store.read("peringatan", _entry(root, key))
    if not isinstance(found, list):
        return None
    try:
        return [
            Issue(p, line, col, k, message, Severity(sev), label)
            for p, line, col, k, message, sev, label in found
        ]
    except (TypeError, ValueError):
        return None


def _entry(root: Path, key: str) -> str:
    # Warnings name files relative to the working directory: the same data seen from
    # elsewhere is reported with other paths.
    return store.key("peringatan", str(root.resolve()), str(Path.cwd().resolve()), key)
