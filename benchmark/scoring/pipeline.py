"""Read a gold file and a predictions file and score them: what `quotebench score` runs, and
what benchmarks/bench_score.py times."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmark.documents import Document, Prediction
from benchmark.scoring import score
from benchmark.scoring.report import ScoreReport
from benchmark.validation import read_documents, read_predictions


@dataclass(frozen=True)
class ScoredFiles:
    docs: list[Document]
    predictions: dict[str, Prediction]
    report: ScoreReport

    @property
    def missing(self) -> list[str]:
        """Ids of gold articles without a line in the predictions (scored as predicting nothing)."""
        return [doc.id for doc in self.docs if doc.id not in self.predictions]


def score_files(
    gold: str | Path,
    pred: str | Path,
    *,
    track: str = "e2e",
    seed: int = 0,
    slice_by: Sequence[str] = (),
    quiet: bool = True,
) -> ScoredFiles:
    """Validate both files (InputError at the first problem), then score."""
    with gc_paused():
        docs = read_documents(gold)
        predictions = read_predictions(pred, docs)
        report = score(docs, predictions, track=track, seed=seed, slice_by=slice_by, quiet=quiet)  # type: ignore[arg-type]
    return ScoredFiles(docs, predictions, report)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Reading a large file creates millions of model objects that reference counting frees on its
    own; without the pause, repeated full collections over the growing heap cost more time than
    the validation itself. When the pause ends without an error the objects are frozen (moved
    to the permanent generation), or the first collection after it would still scan every one of
    them (about a second for 100 copies of PolNeAR dev); being acyclic, reference counting still
    frees them.
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
