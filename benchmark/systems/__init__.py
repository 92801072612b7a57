"""Finding and running attribution systems: built-in baselines, plugins, programs and files."""

from benchmark.systems.overlap import attribute_by_overlap, default_attribute
from benchmark.systems.registry import (
    BUILTINS,
    ENTRY_POINT_GROUP,
    Builtin,
    available_systems,
    needs_gold_quotes,
    resolve_system,
)
from benchmark.systems.runner import TRACKS, gold_quotes_of, run_system

__all__ = [
    "BUILTINS",
    "ENTRY_POINT_GROUP",
    "TRACKS",
    "Builtin",
    "attribute_by_overlap",
    "available_systems",
    "default_attribute",
    "gold_quotes_of",
    "needs_gold_quotes",
    "resolve_system",
    "run_system",
]
