"""A linear-chain CRF over hashed token features, trained by CRFsuite (L-BFGS, L2) and decoded
here under BIO's constraint.

Training hands CRFsuite every token's hashed feature columns as attribute names; the fitted
weights are then read back into a sparse (columns x labels) matrix and a (labels x labels)
transition matrix, so that prediction is one sparse product per batch and a constrained Viterbi
pass per article: no feature strings and no CRFsuite objects at prediction time, and a model
that pickles as plain arrays.
"""

from __future__ import annotations

import ctypes
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from baselines.learned.features import N_COLUMNS

FORBIDDEN = -1e9


class LinearChainCRF:
    """CRF with `n_labels` states; `allowed[i, j]` says whether state j may follow state i and
    `may_start[j]` whether a sequence may open in state j (both hold at decoding time)."""

    def __init__(
        self,
        allowed: np.ndarray,
        may_start: np.ndarray,
        *,
        c2: float = 1.0,
        max_iterations: int = 60,
        min_freq: int = 2,
    ):
        self.allowed = np.asarray(allowed, dtype=bool)
        self.may_start = np.asarray(may_start, dtype=bool)
        self.n_labels = len(self.may_start)
        self.c2 = c2
        self.max_iterations = max_iterations
        self.min_freq = min_freq
        self.weights = sp.csr_matrix((N_COLUMNS, self.n_labels), dtype=np.float32)
        self.transitions = np.zeros((self.n_labels, self.n_labels))

    def fit(self, columns: Iterable[np.ndarray], labels: Sequence[np.ndarray]) -> LinearChainCRF:
        """`columns[k]`: (tokens x templates) hashed columns of sequence k; `labels[k]` its states
        (`columns` may be a generator: each sequence is copied into CRFsuite as it comes)."""
        import pycrfsuite

        trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
        for cols, states in zip(columns, labels, strict=True):
            if len(states):
                trainer.append(
                    [list(map(str, row)) for row in cols.tolist()], list(map(str, states.tolist()))
                )
        trainer.set_params(
            {
                "c1": 0.0,
                "c2": self.c2,
                "max_iterations": self.max_iterations,
                "feature.minfreq": self.min_freq,
            }
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "model.crfsuite")
            trainer.train(path)
            trainer.clear()  # the training data's copy inside CRFsuite
            _release_heap()
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            info = tagger.info()
            tagger.close()
        self._read(info)
        return self

    def emissions(self, matrix: sp.csr_matrix) -> np.ndarray:
        """(tokens x labels) state scores of the rows of a binary feature matrix."""
        return np.asarray((matrix @ self.weights).todense(), dtype=np.float64)

    def decode(self, emissions: np.ndarray, *, free: bool = False) -> list[int]:
        """The best state sequence whose transitions and first state are allowed; with `free`,
        the learned transition weights are left out (for per-token scores of another model)."""
        transitions = np.zeros_like(self.transitions) if free else self.transitions
        return viterbi(emissions, np.where(self.allowed, transitions, FORBIDDEN), self.start)

    @property
    def start(self) -> np.ndarray:
        return np.where(self.may_start, 0.0, FORBIDDEN)

    def _read(self, info: object) -> None:
        rows, cols, data = [], [], []
        for (attribute, label), weight in info.state_features.items():  # type: ignore[attr-defined]
            rows.append(int(attribute))
            cols.append(int(label))
            data.append(weight)
        self.weights = sp.csr_matrix(
            (np.array(data, dtype=np.float32), (rows, cols)), shape=(N_COLUMNS, self.n_labels)
        )
        self.transitions = np.zeros((self.n_labels, self.n_labels))
        for (a, b), weight in info.transitions.items():  # type: ignore[attr-defined]
            self.transitions[int(a), int(b)] = weight


def viterbi(emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray) -> list[int]:
    """Highest-scoring state path: sum of emissions, transitions and the start score.

    Plain Python over lists: with a handful of states, per-token numpy calls cost more than
    the arithmetic; the time is linear in the number of tokens."""
    n, k = emissions.shape
    if not n:
        return []
    rows = emissions.tolist()
    trans = transitions.tolist()
    states = range(k)
    score = [start[j] + rows[0][j] for j in states]
    back: list[list[int]] = []
    for row in rows[1:]:
        best_from = []
        new = []
        for j in states:
            best_i, best = 0, score[0] + trans[0][j]
            for i in states[1:]:
                value = score[i] + trans[i][j]
                if value > best:
                    best_i, best = i, value
            best_from.append(best_i)
            new.append(best + row[j])
        back.append(best_from)
        score = new
    state = max(states, key=score.__getitem__)
    path = [state]
    for best_from in reversed(back):
        state = best_from[state]
        path.append(state)
    return path[::-1]


def _release_heap() -> None:
    """Hand the pages CRFsuite's training data used back to the system. glibc keeps freed
    memory for the process: after the calibration tagger's fit on PDNC train, 1.5 GB that the
    final tagger's backup fit then stacked its matrix on (the fit's peak 4.1 -> 3.8 GB with
    this). Elsewhere (no glibc) there is nothing to do."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.malloc_trim(0)
