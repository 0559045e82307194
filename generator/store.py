"""The user's cache folder: results that are slow to compute and never change for the same
inputs, stored under a content key. Deleting the folder is always safe.

``LKJIP_CACHE`` names the folder; otherwise ``$XDG_CACHE_HOME/lkjip`` or ``~/.cache/lkjip``.
Entries are JSON (never pickle: reading the cache cannot run code), written atomically; a
cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from generator import __version__

PACKAGE = Path(__file__).resolve().parent


def folder() -> Path:
    """Where cached results live (not created until something is written)."""
    chosen = os.environ.get("LKJIP_CACHE")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lkjip"


@functools.cache
def code_digest() -> str:
    """A digest of the generator's own source: results computed by other code never match."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key(*parts: str) -> str:
    """The key of a result computed by this code from ``parts``."""
    return hashlib.sha256("\0".join((code_digest(), *parts)).encode()).hexdigest()


def read(kind: str, entry: str) -> Any | None:
    """The value stored under ``kind``/``entry``, or None when absent or unreadable."""
    try:
        return json.loads((folder() / kind / f"{entry}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(kind: str, entry: str, value: Any) -> None:
    """Store ``value``; a reader never sees a half-written entry."""
    target = folder() / kind / f"{entry}.json"
    temporary: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, suffix=".tmp", delete=False
        ) as handle:
            temporary = handle.name
            json.dump(value, handle, ensure_ascii=False)
        Path(temporary).replace(target)
    except OSError:  # a read-only home or a full disk only costs speed
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
