"""Build hook: ship the ontology, shapes, query library and example inside the package.

They live at the top of the source tree, where architects edit them as plain Turtle and
SPARQL; a wheel must carry them all the same, so the build copies them into
``tomgraph/_bundled/`` (read through :mod:`tomgraph.bundled`). Editable installs read them
from the checkout instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("ontology", "shapes", "queries", "examples")


class BuildWithBundledFiles(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "tomgraph" / "_bundled"
        for name in BUNDLED:
            source = Path(name)
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithBundledFiles})
