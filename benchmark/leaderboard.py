"""Leaderboard files: one JSON per dataset split, validated on every read and write.

Writing an entry replaces the entry of the same system and track and keeps all others. The
write happens under a lock file and lands atomically, so two runs writing the same file at
once cannot lose each other's entries, and a failed run leaves the old file untouched.
"""

from __future__ import annotations

import json
import platform
import sys
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from benchmark import __version__
from benchmark.errors import InputError
from benchmark.jsonl import read_json, write_error, write_text
from benchmark.paths import leaderboard_root

SCHEMA_VERSION = "1"
SCHEMA_PATH = leaderboard_root() / "schema.json"
LOCK_TIMEOUT_S = 120


def default_path(dataset: str, split: str) -> Path:
    return leaderboard_root() / f"{dataset}-{split}.json"


def read(path: str | Path) -> dict[str, Any]:
    """A leaderboard file, parsed and checked against leaderboard/schema.json."""
    path = Path(path)
    board = read_json(path)
    validate(board, path)
    return board


def validate(board: Any, path: str | Path) -> None:
    error = next(iter(_validator().iter_errors(board)), None)
    if error is not None:
        field = ".".join(str(p) for p in error.absolute_path) or "leaderboard"
        raise InputError(path, None, field, f"fails leaderboard/schema.json: {error.message}")


def is_leaderboard(obj: Any) -> bool:
    return isinstance(obj, dict) and "entries" in obj and "schema_version" in obj


def find_entry(board: dict[str, Any], system: str, track: str = "e2e") -> dict[str, Any] | None:
    return next(
        (e for e in board["entries"] if e["system"] == system and e["track"] == track), None
    )


def make_entry(
    report: dict[str, Any],
    *,
    system: str,
    system_version: str | None,
    runtime_s: float | None,
    config: dict[str, Any],
) -> dict[str, Any]:
    """A leaderboard entry from a score report (benchmark.scoring report JSON), with provenance."""
    n_docs = report["dataset"]["n_docs"]
    return {
        "system": system,
        "system_version": system_version,
        "track": report.get("track", "e2e"),
        "metrics": report["metrics"],
        "ci95": report["ci95"],
        "slices": report.get("slices", {}),
        "per_doc": report.get("per_doc", {}),
        "seed": report.get("seed", 0),
        "runtime_s": None if runtime_s is None else round(runtime_s, 4),
        "docs_per_s": round(n_docs / runtime_s, 3) if runtime_s else None,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": config,
        "harness_version": __version__,
        "python": platform.python_version(),
        "platform": f"{sys.platform}-{platform.machine()}",
    }


def record_entry(path: str | Path, report: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    return record_entries(path, [(report, entry)])


def record_entries(
    path: str | Path, results: list[tuple[dict[str, Any], dict[str, Any]]]
) -> dict[str, Any]:
    """Add or replace each (report, entry) in the leaderboard at `path`, all or nothing."""
    from filelock import FileLock, Timeout

    path = Path(path)
    try:  # an unwritable place fails now, not after the lock's timeout
        path.parent.mkdir(parents=True, exist_ok=True)
        Path(f"{path}.lock").touch()
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        with FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT_S):
            board = read(path) if path.exists() else None
            for report, entry in results:
                dataset = {**report["dataset"], "n_gold": int(report["metrics"]["n_gold"])}
                board = board or _empty(dataset, report["scorer_version"])
                _check_compatible(board, dataset, report["scorer_version"], path)
                key = (entry["system"], entry["track"])
                others = [e for e in board["entries"] if (e["system"], e["track"]) != key]
                board["entries"] = sorted([*others, entry], key=lambda e: (e["track"], e["system"]))
            if board is None:
                raise InputError(path, None, None, "no results to record")
            validate(board, path)
            write_text(path, json.dumps(board, indent=2, ensure_ascii=False) + "\n")
    except Timeout:
        raise InputError(
            path, None, None, f"could not lock {path}.lock within {LOCK_TIMEOUT_S} s"
        ) from None
    return board


def _empty(dataset: dict[str, Any], scorer_version: str) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "dataset": dataset,
        "scorer_version": scorer_version,
        "entries": [],
    }


def _check_compatible(
    board: dict[str, Any], dataset: dict[str, Any], scorer_version: str, path: Path
) -> None:
    if board["dataset"]["sha256"] != dataset["sha256"]:
        raise InputError(
            path,
            None,
            "dataset.sha256",
            f"leaderboard is for data {board['dataset']['sha256'][:12]}, this result for {dataset['sha256'][:12]}; "
            "refusing to mix them (use another --leaderboard file)",
        )
    if board["scorer_version"] != scorer_version:
        raise InputError(
            path,
            None,
            "scorer_version",
            f"leaderboard was scored with scorer {board['scorer_version']}, this result with {scorer_version}; "
            "refusing to mix them",
        )


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
