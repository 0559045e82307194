"""The three error tiers: user errors, data issues, and (implicitly) bugs.

Library code raises these; only ``cli.py`` decides how they are shown.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How serious an issue is; warnings become errors under ``--strict``."""

    ERROR = "galat"
    WARNING = "peringatan"


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in the data, located as precisely as the input allows."""

    path: str
    line: int
    column: int
    key: str
    message: str
    severity: Severity = Severity.ERROR
    label: str = ""  # what the key points into, e.g. "7.01.01.2.02.0001 Penyediaan Gaji"

    def format(self) -> str:
        """Return the compiler-style line ``path:line:col: key (label): message``."""
        prefix = "peringatan: " if self.severity is Severity.WARNING else ""
        named = f"{self.key} ({self.label})" if self.label else self.key
        key = f"{named}: " if named else ""
        return f"{self.path}:{self.line}:{self.column}: {key}{prefix}{self.message}"


BUG_MESSAGE = (
    "\nIni adalah bug pada lkjip, bukan kesalahan data Anda. Mohon laporkan pesan di atas."
)


class UserError(Exception):
    """A problem with how the command was called (bad path, missing folder)."""


class DataErrors(Exception):
    """One or more issues found in the data; carries all of them, sorted."""

    def __init__(self, issues: Iterable[Issue], limit: int | None = None) -> None:
        """With ``limit``, keep only the first ``limit`` issues; ``more`` counts the rest."""
        found = sorted(set(issues))
        self.issues = found[:limit] if limit is not None else found
        self.more = len(found) - len(self.issues)
        super().__init__(f"{len(found)} masalah pada data")

    def __reduce__(self) -> tuple[object, ...]:
        # Raised in a build worker, it crosses to the parent pickled: keep the issues.
        return (_restore, (self.issues, self.more))


def _restore(issues: list[Issue], more: int) -> DataErrors:
    errors = DataErrors(issues)
    errors.more = more
    return errors


def display_path(path: Path, root: Path | None = None) -> str:
    """Return ``path`` as the user can open it from the working directory: relative to
    it (with ``../`` when outside it), else absolute. With ``root``, relative to ``root``
    instead when inside it (for diff headers such as ``a/data/…/pk.yaml``)."""
    resolved = path.resolve()
    if root is not None:
        try:
            return resolved.relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    try:
        return Path(os.path.relpath(resolved, Path.cwd().resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return resolved.as_posix()
