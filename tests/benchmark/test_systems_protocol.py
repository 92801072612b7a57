"""The system contract belongs to the harness; the old import path keeps working for plugins."""

from __future__ import annotations

import ast
from pathlib import Path

import baselines.protocol
import benchmark.systems.protocol

ROOT = Path(__file__).resolve().parents[2]


def test_the_old_import_path_is_the_same_protocol():
    assert baselines.protocol.Attributor is benchmark.systems.protocol.Attributor
    assert baselines.protocol.Trainable is benchmark.systems.protocol.Trainable


def test_the_harness_never_imports_the_baselines():
    """Built-ins are named as "module:attr" strings and imported only when resolved."""
    offenders = []
    for path in sorted((ROOT / "benchmark").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [
                f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "baselines"
            ]
    assert offenders == []
