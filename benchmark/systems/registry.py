"""Resolve a system name to an Attributor: built-in baselines, plugins, programs, files.

Names resolve in this order: `cmd:COMMAND` (an external program, see external.py),
`file:PRED.jsonl` (a predictions file), a built-in baseline, then an installed entry point in
the group `quotebench.attributors`. `NAME=cmd:COMMAND` and `NAME=file:PRED.jsonl` give an
external system the display name NAME, used in results and leaderboards instead of the whole
command line or path. Built-ins and entry points are imported only when asked
for, so listing systems or resolving one never imports scikit-learn for another.

Adding a built-in is one line in BUILTINS: `"name": Builtin("module:attr", "description")`,
where `attr` is a class (or factory) whose call with no arguments returns the Attributor.
"""

from __future__ import annotations

import difflib
import importlib
import math
import re
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from benchmark.errors import InputError, UsageError
from benchmark.systems.external import CommandSystem, FileSystem
from benchmark.systems.protocol import Attributor

ENTRY_POINT_GROUP = "quotebench.attributors"
CMD_PREFIX = "cmd:"
FILE_PREFIX = "file:"
DEFAULT_TIMEOUT_S = 600.0
_NAMED = re.compile(r"(?P<name>[^\s=:,]+)=(?P<system>(?:cmd|file):.*)", re.DOTALL)


@dataclass(frozen=True)
class Builtin:
    target: str  # "module:attr"
    description: str


BUILTINS: dict[str, Builtin] = {
    "nearest-name": Builtin(
        "baselines.nearest_name:NearestName",
        "the floor: text between quotation marks, speaker = the nearest capitalised name",
    ),
    "sieve": Builtin(
        "baselines.sieve:Sieve",
        "rule cascade: direct, mixed and indirect quotes; speakers by cue patterns and coreference",
    ),
    "gold-quotes+sieve": Builtin(
        "baselines.gold_quotes:GoldQuotesSieve",
        "reference line: the gold quotes with sieve's speakers (attribution track only)",
    ),
    "learned": Builtin(
        "baselines.learned:LearnedAttributor",
        "trained: cue detector, CRF quote tagger with constrained decoding, speaker ranker",
    ),
}

PATTERNS: tuple[tuple[str, str], ...] = (
    ("cmd:COMMAND", "an external program: articles as JSONL on stdin, predictions on stdout"),
    ("file:PRED.jsonl", "predictions read from a file"),
)


def resolve_system(name: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> Attributor:
    """The Attributor called `name`; an unknown name raises UsageError with a suggestion."""
    if not (math.isfinite(timeout) and timeout > 0):
        raise UsageError(f"--timeout must be positive, not {timeout:g}")
    display, name = split_name(name)
    if name.startswith(CMD_PREFIX):
        command = name[len(CMD_PREFIX) :].strip()
        if not command:
            raise UsageError("cmd: needs a command, e.g. 'cmd:python my_system.py'")
        return CommandSystem(command, timeout=timeout, name=display)
    if name.startswith(FILE_PREFIX):
        path = name[len(FILE_PREFIX) :]
        if not path:
            raise UsageError("file: needs a path, e.g. 'file:predictions.jsonl'")
        return FileSystem(Path(path), name=display)
    if name in BUILTINS:
        return _instantiate(
            name, BUILTINS[name].target, lambda: _load_target(BUILTINS[name].target)
        )
    plugins = _entry_points()
    if name in plugins:
        return _instantiate(name, plugins[name].value, plugins[name].load)
    raise UsageError(_unknown_message(name, [*BUILTINS, *plugins]))


def split_name(name: str) -> tuple[str | None, str]:
    """(display name or None, system): `mine=cmd:python x.py` -> ("mine", "cmd:python x.py").
    A display name may not be a built-in's or a plugin's, whose entries it would replace."""
    named = _NAMED.fullmatch(name)
    if named is None:
        return None, name
    display = named["name"]
    if display in BUILTINS or display in _entry_points():
        raise UsageError(
            f"{display!r} is the name of a built-in or installed system; choose another"
        )
    return display, named["system"]


def with_name(system: str, display: str | None) -> str:
    """`system` under the display name `display` (--name): only cmd: and file: systems take one."""
    if display is None:
        return system
    if not system.startswith((CMD_PREFIX, FILE_PREFIX)) or _NAMED.fullmatch(system):
        raise UsageError("--name names one cmd: or file: system given without a NAME= prefix")
    if not display or _NAMED.fullmatch(f"{display}={system}") is None:
        raise UsageError(f"--name {display!r}: give a name without spaces, '=', ':' or ','")
    return f"{display}={system}"


def display_name(name: str) -> str:
    """What results and leaderboards call the system given as `name`."""
    display, system = split_name(name)
    return display or system


def available_systems() -> list[tuple[str, str]]:
    """(name, one-line description) of every built-in, installed plugin, and name pattern."""
    listed = [(name, builtin.description) for name, builtin in BUILTINS.items()]
    for name, point in sorted(_entry_points().items()):
        summary = (point.dist.metadata["Summary"] if point.dist else None) or ""
        origin = f"plugin {point.dist.name}" if point.dist else f"plugin {point.value}"
        listed.append((name, f"{summary} ({origin})" if summary else origin))
    return listed + list(PATTERNS)


def needs_gold_quotes(system: Attributor) -> bool:
    """True for reference systems that can only run on the attribution track."""
    return bool(getattr(system, "needs_gold_quotes", False))


def _entry_points() -> dict[str, EntryPoint]:
    """Installed plugins by name; a plugin never shadows a built-in."""
    found: dict[str, EntryPoint] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name not in BUILTINS:
            found.setdefault(point.name, point)
    return found


def _load_target(target: str) -> Any:
    module_name, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj


def _instantiate(name: str, target: str, load: Any) -> Attributor:
    """Load `target` and call it when it is a class or factory; check the result's interface."""
    try:
        obj = load()
        # a class also passes the runtime protocol check (its attributes are on the class)
        system = (
            obj()
            if isinstance(obj, type) or not isinstance(obj, Attributor) and callable(obj)
            else obj
        )
    except Exception as exc:  # a broken plugin is bad input, not a harness crash
        raise InputError(
            f"system {name!r} ({target})",
            None,
            None,
            f"failed to load: {type(exc).__name__}: {exc}",
        ) from exc
    if not isinstance(system, Attributor):
        raise InputError(
            f"system {name!r} ({target})", None, None, "lacks name, version, predict or attribute"
        )
    return system


def _unknown_message(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"unknown system {name!r}; did you mean {close[0]!r}?"
    return f"unknown system {name!r}; `quotebench systems` lists the available ones"
