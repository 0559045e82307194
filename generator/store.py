"""The user's cache folder: results that are slow to compute and never change for the same
inputs, stored under a content key. Deleting the folder is always safe.

``LKJIP_CACHE`` names the folder; otherwise ``$XDG_CACHE_HOME/lkjip`` or ``~/.cache/lkjip``.
``LKJIP_CACHE=0`` turns the cache off: nothing is read or written.
Entries are JSON (never pickle: reading the cache cannot run code), written atomically; a
cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from generator import __version__

PACKAGE = Path(__file__).resolve().parent
OFF = "0"


def enabled() -> bool:
    """Whether the cache is used at all (``LKJIP_CACHE=0`` turns it off)."""
    return os.environ.get("LKJIP_CACHE") != OFF


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


def private_folder(kind: str) -> Path | None:
    """``<cache>/kind``, created mode 0700, when it is a real folder of this user that nobody
    else can write to; otherwise None (the cache is then not used). Entries read from it are
    trusted to be what this code wrote, so another user must not be able to plant one."""
    if not enabled():
        return None
    chosen = folder() / kind
    try:
        chosen.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = chosen.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & 0o022:
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    return chosen


def read(kind: str, entry: str) -> Any | None:
    """The value stored under ``kind``/``entry``, or None when absent or unreadable."""
    if not enabled():
        return None
    try:
        return json.loads((folder() / kind / f"{entry}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(kind: str, entry: str, value: Any) -> None:
    """Store ``value``; a reader never sees a half-written entry."""
    if not enabled():
        return
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
