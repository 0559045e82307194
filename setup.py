"""Build step: carry the packaged defaults into the wheel.

``site_templates/``, ``content/`` and ``mkdocs.yml`` stay at the top of the repository (the
fixed layout); a wheel gets copies of them as ``generator/_packaged/``, where
``generator/paths.py`` finds them. An editable install needs no copy: there ``generator/``
is the checkout's own folder, next to the originals. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PACKAGED = ("site_templates", "content", "mkdocs.yml")  # as generator/paths.py expects
TARGET = Path("generator", "_packaged")  # generator.paths.PACKAGED_FOLDER


class BuildWithDefaults(build_py):
    """``build_py`` plus a copy of the packaged defaults into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / TARGET
        shutil.rmtree(target, ignore_errors=True)  # a stale build/ must not leak old files
        for name in PACKAGED:
            source = Path(name)
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target / name)


setup(cmdclass={"build_py": BuildWithDefaults})
