"""Read a gold file and a predictions file and score them: what `quotebench score` runs, and
what benchmarks/bench_score.py times.

The predictions are read first (parsed and kept; the checks that need the gold wait for it),
then the gold is streamed: each article is checked, fingerprinted and scored as it is read, and
only its counts stay in memory. Errors are the same as reading the gold and then the
predictions line by line: the gold's first problem, else the predictions' earliest one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmark.data.fingerprint import DatasetInfo, Fingerprint
from benchmark.data.loading import dataset_name
from benchmark.scoring import Scorer
from benchmark.scoring.report import ScoreReport
from benchmark.validation import PendingPredictions, iter_documents, scored_prediction


@dataclass(frozen=True)
class ScoredFiles:
    info: DatasetInfo
    """The gold's name, split, fingerprint and counts."""
    missing: list[str]
    """Ids of gold articles without a line in the predictions (scored as predicting nothing)."""
    report: ScoreReport


def score_files(
    gold: str | Path,
    pred: str | Path,
    *,
    track: str = "e2e",
    seed: int = 0,
    slice_by: Sequence[str] = (),
    quiet: bool = True,
) -> ScoredFiles:
    """Validate both files (InputError at the first problem) while scoring them."""
    from benchmark.progress import track as progress

    with gc_paused():
        pending = PendingPredictions.read(pred, keep=scored_prediction)
        scorer = Scorer(track=track, slice_by=slice_by)  # type: ignore[arg-type]
        seen = Fingerprint()
        missing: list[str] = []
        for _, doc in progress(iter_documents(gold), "scoring", quiet=quiet):
            seen.add(doc)
            pending.check(doc.id, len(doc.text))
            prediction = pending.predictions.get(doc.id)
            if prediction is None:
                missing.append(doc.id)
            scorer.add(doc, prediction)  # type: ignore[arg-type]
        pending.raise_first(set(scorer.ids))
        report = scorer.report(seed=seed)
    name, split = dataset_name([_Named(i) for i in scorer.ids], Path(gold))  # type: ignore[misc]
    return ScoredFiles(seen.info(name, split), missing, report)


@dataclass(frozen=True)
class _Named:
    """What `dataset_name` reads of a document: its id."""

    id: str


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Reading a large file creates millions of model objects that reference counting frees on its
    own; without the pause, repeated full collections over the growing heap cost more time than
    the validation itself. When the pause ends without an error the objects are frozen (moved
    to the permanent generation), or the first collection after it would still scan every one of
    them; being acyclic, reference counting still frees them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    except BaseException:
        if was_enabled:
            gc.enable()
        raise
    if was_enabled:
        gc.freeze()
        gc.enable()
