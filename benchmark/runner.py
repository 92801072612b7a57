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
    from benchmark.systems.registry import resolve_system

    gold = load_documents(spec.dataset, spec.split)
    systems = [resolve_system(name, timeout=spec.timeout) for name in spec.systems]
    results = []
    for name, system in zip(spec.systems, systems, strict=True):
        training = _fit(name, system, gold, spec)
        for track in TRACKS:
            results.append(_evaluate(name, system, track, gold, spec, training))
    target = spec.leaderboard or leaderboard.default_path(gold.info.name, gold.info.split)
    return leaderboard.record_entries(target, results)


def _fit(name: str, system: Any, gold: GoldSet, spec: RunSpec) -> dict[str, str] | None:
    """Fit a trainable system and return what it was trained on (dataset, split, sha256).

    Training data: --train when given, else the evaluated dataset's own train split when it
    has one (and is not itself being evaluated on it), else the system's default."""
    from baselines.protocol import Trainable
    from benchmark.data.fingerprint import dataset_info
    from benchmark.data.loading import dataset_name
    from benchmark.validation import read_documents

    if not isinstance(system, Trainable):
        return None
    if spec.train is not None:
        docs = read_documents(spec.train)
        data_name, split = dataset_name(docs, spec.train)
    elif spec.split != "train" and _has_train_split(spec.dataset):
        own = load_documents(spec.dataset, "train")
        docs, data_name, split = own.docs, own.info.name, own.info.split
    else:
        docs = list(system.default_training_data())
        data_name, split = dataset_name(docs, Path("unnamed", "train.jsonl"))
    info = dataset_info(docs, data_name, split)
    if not spec.quiet:
        print(
            f"{name}: fitting on {data_name}/{split} ({info.n_docs} documents, "
            f"{info.n_gold} attributions)",
            file=sys.stderr,
        )
    start = time.perf_counter()
    system.fit(docs, quiet=spec.quiet)
    if not spec.quiet:
        print(f"{name}: fitted in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return {"dataset": info.name, "split": info.split, "sha256": info.sha256}


def _has_train_split(dataset: str) -> bool:
    from benchmark.data.loading import available_splits

    return not dataset.endswith(".jsonl") and "train" in available_splits(dataset)


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
    report = score(gold.docs, {p.id: p for p in predictions}, track=track, seed=spec.seed)
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
