"""Fitting a trainable system before it predicts, the same way for `run`, `predict` and `fit`.

Training can take minutes (and a cached model a moment), so unless quiet the harness says on
stderr what it fits on before it starts and how long it took, whatever the system itself shows.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmark.documents import Document
from benchmark.systems.protocol import Attributor, Trainable


def fit_system(system: Attributor, train: Path | None, *, quiet: bool = False) -> int | None:
    """Fit `system` on the gold file `train`, else on its own default training data; the number
    of training articles, or None when the system does not learn."""
    if not isinstance(system, Trainable):
        return None
    from benchmark.validation import read_documents

    docs = read_documents(train) if train else system.default_training_data()
    source = str(train) if train else _data_name(docs)
    _say(f"fitting {system.name} on {source} ({len(docs)} articles)...", quiet)
    start = time.perf_counter()
    system.fit(docs, quiet=quiet)
    _say(f"fitted {system.name} in {time.perf_counter() - start:.1f} s", quiet)
    return len(docs)


def _data_name(docs: Sequence[Document]) -> str:
    from benchmark.data.loading import id_prefix

    prefix = id_prefix(docs)
    return "/".join(prefix) if prefix else "its default training data"


def _say(line: str, quiet: bool) -> None:
    if not quiet:
        print(line, file=sys.stderr, flush=True)
