"""Reading results and leaderboards from files into the typed models, with located errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from benchmark.errors import InputError
from benchmark.jsonl import read_json
from benchmark.results.models import Leaderboard, LeaderboardEntry, ScoreResult, SystemRef

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: Any, path: str | Path | None) -> M:
    """`data` as `model`; InputError naming the first invalid field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        message = error["msg"].removeprefix("Value error, ")
        field = ".".join(str(part) for part in error["loc"])
        if not field:  # a check across fields names its field first: "ci95.e2e_f1: ..."
            field, _, message = message.partition(": ")
        raise InputError(path, None, field, message) from None
    except RecursionError:
        raise InputError(path, None, "json", "nested too deeply") from None


def is_leaderboard(data: Any) -> bool:
    return isinstance(data, dict) and "entries" in data and "schema_version" in data


def read_leaderboard(path: str | Path) -> Leaderboard:
    data = read_json(path)
    if not isinstance(data, dict):
        raise InputError(path, None, "json", "expected a leaderboard object")
    return validated(Leaderboard, data, path)


def read_result(path: str | Path, system: str | None = None, track: str = "e2e") -> ScoreResult:
    """A `quotebench score --json` result, or one entry of a leaderboard file (picked by
    `system` and `track`) as the result it records."""
    data = read_json(path)
    if is_leaderboard(data):
        board = validated(Leaderboard, data, path)
        if system is None:
            raise InputError(
                path, None, "--system", "a leaderboard file needs --system to pick an entry"
            )
        return entry_result(board, pick_entry(board, system, track, path))
    if not isinstance(data, dict):
        raise InputError(path, None, "json", "expected a score JSON object")
    return validated(ScoreResult, data, path)


def pick_entry(board: Leaderboard, system: str, track: str, path: str | Path) -> LeaderboardEntry:
    """The entry of `system` on `track`: the one trained on the leaderboard's own data
    split's training data when a system has several."""
    found = [e for e in board.entries if e.system == system and e.track == track]
    if not found:
        names = sorted({e.system for e in board.entries if e.track == track})
        raise InputError(
            path,
            None,
            "--system",
            f"no {track} entry for '{system}' (entries: {', '.join(names) or 'none'})",
        )
    return sorted(found, key=lambda e: e.created_at)[-1]


def entry_result(board: Leaderboard, entry: LeaderboardEntry) -> ScoreResult:
    """A leaderboard entry as the score result it records."""
    return ScoreResult(
        track=entry.track,
        metrics=entry.metrics,
        ci95=entry.ci95,
        slices=entry.slices,
        per_doc=entry.per_doc,
        seed=entry.seed,
        n_resamples=entry.n_resamples,
        signature=entry.signature,
        dataset=board.dataset,
        system=SystemRef(name=entry.system, version=entry.system_version),
        scorer_version=entry.scorer_version,
        format_version=entry.format_version,
        harness_version=entry.harness_version,
    )
