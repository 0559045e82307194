"""Stage 5: one site built by MkDocs, inside this process. The only module that imports mkdocs.

MkDocs runs through its Python API (``load_config`` + ``build``) in the build's worker
processes: no interpreter start, no re-import of MkDocs, Material and Markdown per site. The
worker already dies with the build (``PR_SET_PDEATHSIG``, see :mod:`generator.publish`), so
MkDocs does too.

Strict mode is ours: every WARNING record of the ``mkdocs`` logger during the build is kept
and returned (MkDocs' own CLI counts them the same way, but drops them under ``--quiet``), and
the caller fails the build on any of them.

Material's ~50 Jinja templates are compiled once and kept in the user cache folder
(:func:`generator.store.folder`); each cached template is checked against its source's
checksum and Jinja's and Python's versions, so an upgrade or an edit never runs stale code.

The published site carries only what it uses: no source maps, and of Material's lunr
language files only the one the Indonesian search loads (``lunr.stemmer.support``; our own
``lunr.id`` is written after the build, see :mod:`generator.search`).
"""

from __future__ import annotations

import logging
import marshal
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import CodeType
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
# Jinja's own marker of its version and Python's bytecode format: other versions recompile.
MAGIC = b"lkjip-jinja\n" + jinja2.bccache.bc_magic


def build(config_file: Path, name: str) -> list[str]:
    """Build the site ``config_file`` describes into its ``site_dir``; return the warnings
    MkDocs logged (the build is strict: the caller rejects the site unless there are none)."""
    with _quiet(), _warnings_kept() as kept:
        try:
            config = load_config(config_file=str(config_file))
            config.plugins[PLUGIN_NAME] = _Pangkas()
            mkdocs_build(config)
        except MkDocsException as exc:
            detail = "\n".join([*kept, str(exc)])
            raise UserError(f"MkDocs gagal membangun situs '{name}':\n{detail}") from None
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


class _Bytecode(jinja2.BytecodeCache):
    """Compiled theme templates in ``folder`` (and in memory: one process builds many sites).

    Not Jinja's own file cache: it reads a template's checksum back with ``pickle``. Here a
    file is Jinja's version magic, the sha1 of the template source, then the ``marshal``led
    code; anything else is compiled again. A cache that cannot be written only costs speed.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._memory: dict[str, tuple[str | None, CodeType]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self._memory.get(bucket.key)
        if kept is None and self.folder is not None:
            kept = _read_code(self.folder / f"{bucket.key}.cache")
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is None:
            return
        self._memory[bucket.key] = (bucket.checksum, bucket.code)
        if self.folder is not None:
            _write_code(self.folder / f"{bucket.key}.cache", bucket.checksum, bucket.code)


def _read_code(path: Path) -> tuple[str, CodeType] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, _, rest = data[len(MAGIC) :].partition(b"\n")
    if not data.startswith(MAGIC) or not rest:
        return None
    try:
        code = marshal.loads(rest)
    except (ValueError, EOFError, TypeError):
        return None
    return (head.decode("ascii", "replace"), code) if isinstance(code, CodeType) else None


def _write_code(path: Path, checksum: str | None, code: CodeType) -> None:
    data = MAGIC + (checksum or "").encode("ascii") + b"\n" + marshal.dumps(code)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)  # a reader never sees half a file
    except OSError:
        temporary.unlink(missing_ok=True)


_CACHE: list[_Bytecode] = []


def _bytecode_cache() -> _Bytecode:
    """One cache per process, in ``<user cache>/jinja-mkdocs`` when that folder is the user's
    own and nobody else can write to it (its files are code this process runs)."""
    if not _CACHE:
        _CACHE.append(_Bytecode(store.private_folder("jinja-mkdocs")))
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
