"""Fitting a trainable system before it predicts, the same way for `run`, `predict` and `fit`.

What a system learns from, in order: the given training file; else the train split of the
dataset being evaluated, when it has one and is not itself the split being evaluated; else the
system's own default. The choice is returned as (dataset, split, sha256) so every result
records it. Training can take minutes (and a cached model a moment), so unless quiet the
harness says on stderr what it fits on before it starts and how long it took.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from benchmark.documents import Document
from benchmark.systems.protocol import Attributor, Trainable


def fit_system(
    system: Attributor,
    train: Path | None,
    *,
    dataset: str | Path | None = None,
    split: str | None = None,
    quiet: bool = False,
) -> dict[str, str] | None:
    """Fit `system` (see the module docstring for the data); what it was fitted on, or None
    when the system does not learn."""
    if not isinstance(system, Trainable):
        return None
    from benchmark.data.fingerprint import dataset_info
    from benchmark.data.loading import dataset_name

    docs, origin = _training_docs(system, train, dataset, split)
    name, data_split = dataset_name(docs, origin)
    info = dataset_info(docs, name, data_split)
    _say(
        f"{system.name}: fitting on {name}/{data_split} ({info.n_docs} documents, "
        f"{info.n_gold} attributions)",
        quiet,
    )
    start = time.perf_counter()
    system.fit(docs, quiet=quiet)
    _say(f"{system.name}: fitted in {time.perf_counter() - start:.1f} s", quiet)
    return {"dataset": info.name, "split": info.split, "sha256": info.sha256}


def _training_docs(
    system: Trainable, train: Path | None, dataset: str | Path | None, split: str | None
) -> tuple[list[Document], Path]:
    from benchmark.data.loading import available_splits, load_documents
    from benchmark.validation import read_documents

    if train is not None:
        return read_documents(train), train
    if (
        dataset is not None
        and split != "train"
        and not str(dataset).endswith(".jsonl")
        and "train" in available_splits(dataset)
    ):
        own = load_documents(dataset, "train")
        return own.docs, own.path
    return list(system.default_training_data()), Path("unnamed", "train.jsonl")


def _say(line: str, quiet: bool) -> None:
    if not quiet:
        print(line, file=sys.stderr, flush=True)
