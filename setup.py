"""Packaging hook (everything else is in pyproject.toml): a built wheel carries the bundled
data under benchmark/_bundled/, so an installed quotebench finds what a checkout keeps at the
top level. An editable install reads data/ and leaderboard/ from the checkout instead."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = (
    "data/LICENSE",
    "data/README.md",
    "data/core/*.jsonl",
    "data/core/README.md",
    "data/schema/*.json",
    "leaderboard/schema.json",
)
"""What `quotebench` reads at run time, as globs relative to the repository root."""


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for pattern in BUNDLED:
            files = sorted(ROOT.glob(pattern))
            if not files:
                raise SystemExit(f"setup.py: nothing matches {pattern}")
            for source in files:
                rel = source.relative_to(ROOT)
                target = Path(self.build_lib, "benchmark", "_bundled", rel)
                self.mkpath(str(target.parent))
                self.copy_file(str(source), str(target))


setup(cmdclass={"build_py": BuildPyWithData})
