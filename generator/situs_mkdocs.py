"""Stage 5: one site built by MkDocs, inside this process. The only module that imports mkdocs.

MkDocs runs through its Python API (``load_config`` + ``build``) in the build's worker
processes: no interpreter start, no re-import of MkDocs, Material and Markdown per site. The
worker already dies with the build (``PR_SET_PDEATHSIG``, see :mod:`generator.publish`), so
MkDocs does too.

Strict mode is ours: every WARNING record of the ``mkdocs`` logger during the build is kept
and returned (MkDocs' own CLI counts them the same way, but drops them under ``--quiet``), and
the caller fails the build on any of them.

Material's ~50 Jinja templates are compiled once and kept in the user cache folder
(:func:`generator.store.folder`); Jinja checks each cached template against its source's
checksum and its own version, so an upgrade or an edit never runs stale code.

The published site carries only what it uses: no source maps, and of Material's lunr
language files only the one the Indonesian search loads (``lunr.stemmer.support``; our own
``lunr.id`` is written after the build, see :mod:`generator.search`).
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from generator import store
from generator.errors import UserError

# Theme files MkDocs would copy that no published page loads.
LUNR = "assets/javascripts/lunr/"
LUNR_KEPT = frozenset({f"{LUNR}min/lunr.stemmer.support.min.js"})
PLUGIN_NAME = "lkjip-pangkas"


def build(config_file: Path) -> list[str]:
    """Build the site ``config_file`` describes into its ``site_dir``; return the warnings
    MkDocs logged (the build is strict: the caller rejects the site unless there are none)."""
    with _quiet(), _warnings_kept() as kept:
        try:
            config = load_config(config_file=str(config_file))
            config.plugins[PLUGIN_NAME] = _Pangkas()
            mkdocs_build(config)
        except MkDocsException as exc:
            raise UserError(f"MkDocs gagal membangun situs ({config_file}):\n{exc}") from None
    return kept


class _Pangkas(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Leave out unused theme files and give the theme's Jinja a persistent bytecode cache."""

    def on_files(self, files: Files, **kwargs: Any) -> Files:
        for file in list(files):
            if unused(file.src_uri):
                files.remove(file)
        return files

    def on_env(self, env: jinja2.Environment, **kwargs: Any) -> jinja2.Environment:
        env.bytecode_cache = _bytecode_cache()
        return env


def unused(src_uri: str) -> bool:
    """Whether a file MkDocs copies is one no page of ours loads."""
    if src_uri.endswith(".map"):
        return True
    return src_uri.startswith(LUNR) and src_uri not in LUNR_KEPT


class _Bytecode(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, kept in memory too (one process builds many sites), and never a
    reason for a build to fail: a cache that cannot be written only costs speed."""

    def __init__(self, directory: str) -> None:
        super().__init__(directory)
        self._memory: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._memory.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
            return
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):  # unreadable or truncated: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._memory[bucket.key] = bucket.bytecode_to_string()
        with suppress(OSError):
            super().dump_bytecode(bucket)


_CACHE: list[_Bytecode] = []


def _bytecode_cache() -> _Bytecode:
    """One cache per process, in ``<user cache>/jinja-mkdocs`` (private to the user)."""
    if not _CACHE:
        folder = store.folder() / "jinja-mkdocs"
        with suppress(OSError):  # then reads find nothing and writes are skipped
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _CACHE.append(_Bytecode(os.fspath(folder)))
    return _CACHE[0]


class _Kept(logging.Handler):
    """Keeps the message of every record at WARNING or above."""

    def __init__(self, kept: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.kept = kept

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append(record.getMessage())


@contextmanager
def _warnings_kept() -> Iterator[list[str]]:
    """The ``mkdocs`` logger's warnings go to a list instead of the terminal."""
    logger = logging.getLogger("mkdocs")
    kept: list[str] = []
    handler = _Kept(kept)
    saved = logger.level, logger.propagate
    logger.setLevel(logging.WARNING)  # INFO lines ("Building documentation…") stay quiet
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield kept
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


@contextmanager
def _quiet() -> Iterator[None]:
    """What the subprocess had from its environment: no MkDocs 2 notice from Material, no
    Python warnings (deprecations in plugins are not the user's business)."""
    saved = os.environ.get("NO_MKDOCS_2_WARNING")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        if saved is None:
            os.environ.pop("NO_MKDOCS_2_WARNING", None)
        else:
            os.environ["NO_MKDOCS_2_WARNING"] = saved
