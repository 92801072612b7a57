"""A linear-chain CRF over hashed token features, trained by CRFsuite (L-BFGS, L2) and decoded
here under BIO's constraint.

Training hands CRFsuite every token's hashed feature columns as attribute names; the fitted
weights are then read back into a sparse (columns x labels) matrix and a (labels x labels)
transition matrix, so that prediction is one sparse product per batch and constrained Viterbi
and forward-backward passes that step the batch's articles together: no feature strings and no
CRFsuite objects at prediction time, and a model that pickles as plain arrays.
"""

from __future__ import annotations

import ctypes
import tempfile
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np
import scipy.sparse as sp

from baselines.learned.features import N_COLUMNS

FORBIDDEN = -1e9
T = TypeVar("T")


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

    def decode(self, emissions: Sequence[np.ndarray], *, free: bool = False) -> list[list[int]]:
        """The best state sequence of each sequence whose transitions and first state are
        allowed; with `free`, the learned transition weights are left out (for per-token scores
        of another model)."""
        transitions = np.zeros_like(self.transitions) if free else self.transitions
        return viterbi(emissions, np.where(self.allowed, transitions, FORBIDDEN), self.start)

    def marginals(self, emissions: Sequence[np.ndarray]) -> list[np.ndarray]:
        """P(state) of every token of each sequence given the whole sequence (forward-backward
        under the same constraints as `decode`): a confidence that, unlike a per-token softmax
        of the emissions, knows that an I needs a B before it."""
        return marginals(emissions, np.where(self.allowed, self.transitions, FORBIDDEN), self.start)

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


def viterbi(
    emissions: Sequence[np.ndarray], transitions: np.ndarray, start: np.ndarray
) -> list[list[int]]:
    """Highest-scoring state path of each sequence: sum of emissions, transitions and the start
    score; ties go to the lower state, at every step and at the end."""
    return _in_batches(emissions, partial(_viterbi, transitions=transitions, start=start), list)


def marginals(
    emissions: Sequence[np.ndarray], transitions: np.ndarray, start: np.ndarray
) -> list[np.ndarray]:
    """Per-token state marginals of each sequence (rows sum to 1), by forward-backward; each
    step is rescaled (probability space, no logs), which keeps the products far from
    underflow."""
    k = len(start)
    return _in_batches(
        emissions,
        partial(_marginals, transitions=transitions, start=start),
        lambda: np.zeros((0, k)),
    )


BATCH_SEQUENCES = 64
"""Sequences stepped together, one numpy step per position of the longest: with a handful of
states, per-step numpy calls cost more than the arithmetic, so the step is shared; sequences are
grouped by length, so that little of the padded array is padding."""


def _in_batches(
    sequences: Sequence[np.ndarray],
    run: Callable[[np.ndarray, np.ndarray], list[T]],
    empty: Callable[[], T],
) -> list[T]:
    """`run(padded, lengths)` over batches of the non-empty sequences, each batch padded into one
    (positions x sequences x states) array; the results in the sequences' order."""
    out: list[T] = [empty() for _ in sequences]
    order = sorted(
        (j for j in range(len(sequences)) if len(sequences[j])), key=lambda j: len(sequences[j])
    )
    for c in range(0, len(order), BATCH_SEQUENCES):
        batch = order[c : c + BATCH_SEQUENCES]
        lengths = np.array([len(sequences[j]) for j in batch], dtype=np.int64)
        padded = np.zeros((int(lengths[-1]), len(batch), sequences[batch[0]].shape[1]))
        for col, j in enumerate(batch):
            padded[: lengths[col], col] = sequences[j]
        for j, result in zip(batch, run(padded, lengths), strict=True):
            out[j] = result
    return out


def _viterbi(
    scores: np.ndarray, lengths: np.ndarray, *, transitions: np.ndarray, start: np.ndarray
) -> list[list[int]]:
    n_pos, n_seq, k = scores.shape
    back = np.zeros((n_pos, n_seq, k), dtype=np.int64)
    score = start + scores[0]
    # lengths ascend: at position t the sequences still running are those from ended[t] on
    ended = np.searchsorted(lengths, np.arange(n_pos), side="right").tolist()
    for t in range(1, n_pos):
        a = ended[t]
        moves = score[a:, :, None] + transitions  # (sequence, from, to)
        back[t, a:] = moves.argmax(axis=1)  # the first best: the lower state on a tie
        score[a:] = moves.max(axis=1) + scores[t, a:]
    state = score.argmax(axis=1)
    path = np.empty((n_pos, n_seq), dtype=np.int64)
    column = np.arange(n_seq)
    for t in range(n_pos - 1, 0, -1):
        a = ended[t]
        path[t, a:] = state[a:]
        state[a:] = back[t, column[a:], state[a:]]
    path[0] = state
    return [path[:n, j].tolist() for j, n in enumerate(lengths.tolist())]


def _marginals(
    scores: np.ndarray, lengths: np.ndarray, *, transitions: np.ndarray, start: np.ndarray
) -> list[np.ndarray]:
    n_pos = len(scores)
    weight = np.exp(scores - scores.max(axis=2, keepdims=True))
    step = np.exp(transitions - transitions.max())  # forbidden moves weigh exp(-1e9) = 0
    ended = np.searchsorted(lengths, np.arange(n_pos + 1), side="right").tolist()
    forward = np.ones_like(weight)  # past a sequence's end: ones, never read
    alpha = np.exp(start - start.max()) * weight[0]
    forward[0] = alpha / alpha.sum(axis=1, keepdims=True)
    for t in range(1, n_pos):
        a = ended[t]  # the sequences with a position t
        alpha = _times(forward[t - 1, a:], step) * weight[t, a:]
        forward[t, a:] = alpha / alpha.sum(axis=1, keepdims=True)
    backward = np.ones_like(weight)  # 1 at each sequence's last position
    for t in range(n_pos - 2, -1, -1):
        a = ended[t + 1]  # the sequences with a position after t
        beta = _times(weight[t + 1, a:] * backward[t + 1, a:], step.T)
        backward[t, a:] = beta / beta.sum(axis=1, keepdims=True)
    joint = forward * backward
    joint /= joint.sum(axis=2, keepdims=True)
    return [joint[:n, j] for j, n in enumerate(lengths.tolist())]


def _times(rows: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """rows @ matrix, summed in a fixed order: a BLAS product may round differently with the
    number of rows, and a sequence's marginals must not depend on its batch."""
    return (rows[:, :, None] * matrix).sum(axis=1)


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
