"""Threshold gates for CI: minimum bounds and regression checks against a baseline result.

Every number the gate reads is finite and in range: bounds are parsed here, results are
typed (benchmark.results), and a baseline is used only when its signature is comparable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import get_args

from benchmark.errors import InputError
from benchmark.ranking import HEADLINE
from benchmark.results import ScoreResult
from benchmark.results.models import RateKey

SIGNIFICANCE = 0.05
RATE_KEYS: tuple[str, ...] = get_args(RateKey)


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
    """KEY=VALUE with a metric key and a finite VALUE in [0, 1]."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise InputError(None, None, "--min", f"expected KEY=VALUE, got {text!r}")
    if key not in RATE_KEYS:
        raise InputError(
            None, None, "--min", f"unknown metric key '{key}' (known: {', '.join(RATE_KEYS)})"
        )
    return Bound(key, unit_number(value, f"--min {key}"))


def unit_number(text: str | float, option: str) -> float:
    """A finite number in [0, 1], or InputError naming the option."""
    try:
        number = float(text)
    except ValueError:
        raise InputError(None, None, option, f"{text!r} is not a number") from None
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise InputError(None, None, option, f"{text!r} must be a finite number in [0, 1]")
    return number


def evaluate(
    result: ScoreResult,
    bounds: list[Bound],
    baseline: ScoreResult | None = None,
    max_drop: float | None = None,
    seed: int = 0,
    baseline_source: str | None = None,
) -> list[Verdict]:
    """One verdict per bounded key: below its minimum fails; a significant drop beyond max_drop
    fails. With a baseline and no bounds, the track's headline metric is checked for drops."""
    metrics = result.metrics.model_dump()
    for bound in bounds:
        if metrics.get(bound.key) is None:
            raise InputError(
                None, None, "--min", f"metric '{bound.key}' is not in a {result.track} result"
            )
    checked: list[tuple[str, float | None]] = [(b.key, b.minimum) for b in bounds]
    if not checked and baseline is not None:
        checked = [(HEADLINE[result.track], None)]
    drops = {}
    if baseline is not None and max_drop is not None:
        baseline.signed().check_compatible(result.signed(), baseline_source, "signature")
        drops = _significant_drops(baseline, result, [key for key, _ in checked], seed)
    verdicts = []
    for key, minimum in checked:
        value = float(metrics[key])
        reasons = []
        if minimum is not None and value < minimum:
            reasons.append(f"{key} = {value:.4f} is below the minimum {minimum:g}")
        base, p_value = drops.get(key, (None, None))
        if (
            base is not None
            and max_drop is not None
            and base - value > max_drop
            and p_value < SIGNIFICANCE
        ):
            reasons.append(
                f"{key} = {value:.4f} dropped {base - value:.4f} from the baseline {base:.4f} "
                f"(more than {max_drop:g}, p = {p_value:.3f})"
            )
        verdicts.append(
            Verdict(key, value, minimum, base, p_value, not reasons, "; ".join(reasons) or "ok")
        )
    return verdicts


def summary_markdown(verdicts: list[Verdict], title: str, signature: str) -> str:
    lines = [
        f"### quotebench check: {title}",
        "",
        "| metric | value | minimum | baseline | p | status |",
        "|---|---|---|---|---|---|",
    ]
    for v in verdicts:
        bound = "" if v.bound is None else f"{v.bound:g}"
        base = "" if v.baseline is None else f"{v.baseline:.4f}"
        p = "" if v.p_value is None else f"{v.p_value:.3f}"
        status = "pass" if v.passed else f"FAIL: {v.reason}"
        lines.append(f"| {v.key} | {v.value:.4f} | {bound} | {base} | {p} | {status} |")
    lines += ["", f"`{signature}`"]
    return "\n".join(lines) + "\n\n"


def _significant_drops(
    baseline: ScoreResult, result: ScoreResult, keys: list[str], seed: int
) -> dict[str, tuple[float, float]]:
    from benchmark.scoring.compare import compare

    return {c.key: (c.a, c.p_value) for c in compare(baseline, result, seed=seed) if c.key in keys}
