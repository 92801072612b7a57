"""The linter CI runs is the one the test extra installs, pinned, and CI checks formatting too."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_pinned_to_one_version_in_the_test_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in project["project"]["optional-dependencies"]["test"] if d.startswith("ruff")]
    assert len(pins) == 1 and re.fullmatch(r"ruff==\d+\.\d+\.\d+", pins[0]), pins
    assert pins[0] == f"ruff=={version('ruff')}"


def test_ci_checks_lint_and_formatting():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines.index("ruff check .") < lines.index("ruff format --check .")
