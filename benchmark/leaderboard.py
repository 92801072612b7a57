"""Leaderboard files: one JSON per dataset split, validated on every read and write.

Writing an entry replaces the entry with the same system, track and training data and keeps
all others. The write happens under a lock file and lands atomically, so two runs writing the
same file at once cannot lose each other's entries, and a failed run leaves the old file
untouched. A result joins a leaderboard only when its signature is comparable with the
leaderboard's (benchmark.results.signature).
"""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmark.errors import InputError
from benchmark.jsonl import write_error, write_text
from benchmark.paths import leaderboard_root
from benchmark.results import (
    LEADERBOARD_SCHEMA_VERSION,
    Leaderboard,
    LeaderboardEntry,
    ScoreResult,
    entry_signature,
)
from benchmark.results.io import is_leaderboard, read_leaderboard, validated

__all__ = ["default_path", "is_leaderboard", "make_entry", "read", "record_entries", "schema"]

LOCK_TIMEOUT_S = 120
SCHEMA_ID = "https://quotebench.org/schema/leaderboard/2"


def default_path(dataset: str, split: str) -> Path:
    return leaderboard_root() / f"{dataset}-{split}.json"


def read(path: str | Path) -> dict[str, Any]:
    """A leaderboard file, checked against the models, as plain JSON data."""
    return read_leaderboard(path).model_dump(mode="json")


def schema() -> dict[str, Any]:
    """The JSON Schema of a leaderboard file, generated from the models
    (leaderboard/schema.json is this, committed)."""
    generated = Leaderboard.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **generated,
        "title": "quotebench leaderboard",
    }


def make_entry(
    result: ScoreResult,
    *,
    system: str,
    system_version: str | None,
    runtime_s: float | None,
    config: dict[str, Any],
    reference: bool = False,
) -> LeaderboardEntry:
    """A leaderboard entry from a score result, with provenance."""
    from benchmark import __version__

    return LeaderboardEntry(
        system=system,
        system_version=system_version,
        reference=reference,
        track=result.track,
        metrics=result.metrics,
        ci95=result.ci95,
        slices=result.slices,
        per_doc=result.per_doc,
        seed=result.seed,
        n_resamples=result.n_resamples,
        signature=result.signature,
        runtime_s=None if runtime_s is None else round(runtime_s, 4),
        docs_per_s=round(result.dataset.n_docs / runtime_s, 3) if runtime_s else None,
        created_at=datetime.now(UTC).replace(microsecond=0),
        config=config,
        scorer_version=result.scorer_version,
        format_version=result.format_version,
        harness_version=__version__,
        python=platform.python_version(),
        platform=f"{sys.platform}-{platform.machine()}",
    )


def record_entries(
    path: str | Path, results: Sequence[tuple[ScoreResult, LeaderboardEntry]]
) -> dict[str, Any]:
    """Add or replace each (result, entry) in the leaderboard at `path`, all or nothing."""
    from filelock import FileLock, Timeout

    path = Path(path)
    if path.is_dir():
        raise InputError(path, None, None, "is a directory, expected a leaderboard JSON file")
    if not results:
        raise InputError(path, None, None, "no results to record")
    try:  # an unwritable place fails now, not after the lock's timeout
        path.parent.mkdir(parents=True, exist_ok=True)
        Path(f"{path}.lock").touch()
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        with FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT_S):
            board = read_leaderboard(path) if path.exists() else _empty(results[0][0])
            entries = list(board.entries)
            for result, entry in results:
                entry_signature(board.dataset, entry).check_compatible(
                    result.signed(), str(path), "signature"
                )
                entries = [e for e in entries if e.key != entry.key] + [entry]
            entries.sort(key=lambda e: (e.track, e.system, e.training_sha256 or ""))
            data = board.model_dump(mode="json") | {
                "entries": [e.model_dump(mode="json") for e in entries]
            }
            checked = validated(Leaderboard, data, path)
            write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    except Timeout:
        raise InputError(
            path, None, None, f"could not lock {path}.lock within {LOCK_TIMEOUT_S} s"
        ) from None
    except PermissionError as exc:
        raise InputError(path, None, None, f"cannot write: {exc.strerror}") from None
    return checked.model_dump(mode="json")


def _empty(result: ScoreResult) -> Leaderboard:
    return Leaderboard(
        schema_version=LEADERBOARD_SCHEMA_VERSION,
        dataset=result.dataset,
        scorer_version=result.scorer_version,
        format_version=result.format_version,
        entries=[],
    )
