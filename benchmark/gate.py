"""Threshold gates for CI: minimum bounds and regression checks against a baseline result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmark import leaderboard
from benchmark.errors import InputError
from benchmark.jsonl import read_json

SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Bound:
    key: str
    minimum: float


@dataclass(frozen=True)
class Verdict:
    key: str
    value: float
    bound: float | None
    baseline: float | None
    p_value: float | None
    passed: bool
    reason: str


def parse_bound(text: str) -> Bound:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise InputError(None, None, "--min", f"expected KEY=VALUE, got {text!r}")
    try:
        return Bound(key.strip(), float(value))
    except ValueError:
        raise InputError(None, None, "--min", f"{key.strip()}: {value!r} is not a number") from None


def load_result(path: Path, system: str | None, track: str) -> dict[str, Any]:
    """A score JSON as is, or one leaderboard entry shaped like a score JSON."""
    obj = read_json(path)
    if leaderboard.is_leaderboard(obj):
        board = leaderboard.read(path)
        if system is None:
            raise InputError(
                path, None, "--system", "a leaderboard file needs --system to pick an entry"
            )
        entry = leaderboard.find_entry(board, system, track)
        if entry is None:
            names = sorted({e["system"] for e in board["entries"] if e["track"] == track})
            raise InputError(
                path,
                None,
                "--system",
                f"no {track} entry for '{system}' (entries: {', '.join(names)})",
            )
        return {**entry, "dataset": board["dataset"], "scorer_version": board["scorer_version"]}
    if not isinstance(obj, dict) or not isinstance(obj.get("metrics"), dict):
        raise InputError(path, None, "metrics", "not a score JSON or a leaderboard file")
    for key, value in obj["metrics"].items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(path, None, f"metrics.{key}", f"not a number: {value!r}")
    return obj


def evaluate(
    result: dict[str, Any],
    bounds: list[Bound],
    baseline: dict[str, Any] | None = None,
    max_drop: float | None = None,
    seed: int = 0,
) -> list[Verdict]:
    """One verdict per bounded key: below its minimum fails; a significant drop beyond max_drop fails."""
    metrics = result["metrics"]
    for bound in bounds:
        if bound.key not in metrics:
            raise InputError(
                None,
                None,
                "--min",
                f"unknown metric key '{bound.key}' (known: {', '.join(sorted(metrics))})",
            )
    drops = (
        _significant_drops(baseline, result, [b.key for b in bounds], seed)
        if baseline and max_drop is not None
        else {}
    )
    verdicts = []
    for bound in bounds:
        value = float(metrics[bound.key])
        reasons = []
        if value < bound.minimum:
            reasons.append(f"{bound.key} = {value:.4f} is below the minimum {bound.minimum:g}")
        base, p_value = drops.get(bound.key, (None, None))
        if (
            base is not None
            and max_drop is not None
            and base - value > max_drop
            and p_value < SIGNIFICANCE
        ):
            reasons.append(
                f"{bound.key} = {value:.4f} dropped {base - value:.4f} from the baseline {base:.4f} "
                f"(more than {max_drop:g}, p = {p_value:.3f})"
            )
        verdicts.append(
            Verdict(
                bound.key,
                value,
                bound.minimum,
                base,
                p_value,
                not reasons,
                "; ".join(reasons) or "ok",
            )
        )
    return verdicts


def summary_markdown(verdicts: list[Verdict], title: str) -> str:
    lines = [
        f"### quotebench check: {title}",
        "",
        "| metric | value | minimum | baseline | p | status |",
        "|---|---|---|---|---|---|",
    ]
    for v in verdicts:
        base = "" if v.baseline is None else f"{v.baseline:.4f}"
        p = "" if v.p_value is None else f"{v.p_value:.3f}"
        status = "pass" if v.passed else f"FAIL: {v.reason}"
        lines.append(f"| {v.key} | {v.value:.4f} | {v.bound:g} | {base} | {p} | {status} |")
    return "\n".join(lines) + "\n\n"


def _significant_drops(
    baseline: dict[str, Any], result: dict[str, Any], keys: list[str], seed: int
) -> dict[str, tuple[float, float]]:
    from benchmark.scoring.compare import compare

    return {c.key: (c.a, c.p_value) for c in compare(baseline, result, seed=seed) if c.key in keys}
