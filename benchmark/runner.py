"""`quotebench run`: predict and score each system on both tracks, then update the leaderboard.

Every system is run and scored before anything is written, and the leaderboard is updated in
one locked, atomic write: a system that fails leaves the leaderboard exactly as it was.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmark.data.loading import GoldSet, load_documents
from benchmark.documents import Article

if TYPE_CHECKING:
    from benchmark.results import LeaderboardEntry, ScoreResult

TRACKS = ("e2e", "attribution")


@dataclass(frozen=True)
class RunSpec:
    dataset: str
    split: str
    systems: tuple[str, ...]
    leaderboard: Path | None = None
    seed: int = 0
    train: Path | None = None
    timeout: float = 600.0
    quiet: bool = False


def run(spec: RunSpec) -> dict[str, Any]:
    """Returns the updated leaderboard."""
    from benchmark import leaderboard
    from benchmark.systems.registry import display_name, resolve_system

    gold = load_documents(spec.dataset, spec.split)
    systems = [resolve_system(name, timeout=spec.timeout) for name in spec.systems]
    results = []
    for name, system in zip(spec.systems, systems, strict=True):
        training = _fit(name, system, gold, spec)
        for track in TRACKS:
            results.append(_evaluate(display_name(name), system, track, gold, spec, training))
    target = spec.leaderboard or leaderboard.default_path(gold.info.name, gold.info.split)
    return leaderboard.record_entries(target, results)


def _fit(name: str, system: Any, gold: GoldSet, spec: RunSpec) -> dict[str, str] | None:
    """Fit a trainable system; what it was trained on (benchmark.systems.training)."""
    from benchmark.systems.training import fit_system

    return fit_system(system, spec.train, dataset=spec.dataset, split=spec.split, quiet=spec.quiet)


def _evaluate(
    name: str,
    system: Any,
    track: str,
    gold: GoldSet,
    spec: RunSpec,
    training: dict[str, str] | None,
) -> tuple[ScoreResult, LeaderboardEntry]:
    """Predict and score one track. A reference system that needs the gold quotes is given them
    on the e2e track too, so its e2e line shows what perfect quote extraction would reach."""
    from benchmark import leaderboard
    from benchmark.scoring import score
    from benchmark.scoring.slices import registered_slices
    from benchmark.systems.registry import needs_gold_quotes
    from benchmark.systems.runner import gold_quotes_of, run_system

    given_quotes = track == "attribution" or needs_gold_quotes(system)
    quotes = [gold_quotes_of(doc) for doc in gold.docs] if given_quotes else None
    articles = [Article.of(doc) for doc in gold.docs]
    if not spec.quiet:
        print(f"{name}: {track} track on {gold.info.name}/{gold.info.split}", file=sys.stderr)
    start = time.perf_counter()
    predictions = run_system(
        system, articles, "attribution" if given_quotes else "e2e", quotes, spec.quiet
    )
    runtime = time.perf_counter() - start
    version = getattr(system, "version", None)
    report = score(
        gold.docs,
        {p.id: p for p in predictions},
        track=track,
        seed=spec.seed,
        slice_by=registered_slices(gold.info.name),
    )
    result = report.to_result(gold.info, {"name": name, "version": version})
    config = {
        "dataset": spec.dataset,
        "split": spec.split,
        "seed": spec.seed,
        "given_gold_quotes": given_quotes,
        "training_data": training,
    }
    entry = leaderboard.make_entry(
        result,
        system=name,
        system_version=version,
        runtime_s=runtime,
        config=config,
        reference=needs_gold_quotes(system),
    )
    return result, entry
