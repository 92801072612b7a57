"""Cue and speaker word lexicons: the hand list of speech and cognition verbs, sharpened by how
often each word is part of a gold cue (or ends a gold speaker) in the training data."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from baselines.text import CUE_FORMS
from benchmark.documents import Document

_TOKEN = re.compile(r"\w+|[^\w\s]")

CUE_WORDS = frozenset(CUE_FORMS) | frozenset(("according", "quoted", "statement", "interview"))
"""The rule baselines' speech and cognition verbs, plus the words of common cue phrases."""


@dataclass(frozen=True)
class Lexicon:
    """Per-word rates learned from gold documents, for the words seen at least twice."""

    cue: dict[str, float]
    """P(word is part of a cue), smoothed toward the hand list (which also covers unseen words)."""
    speaker: dict[str, float]
    """P(word ends a speaker mention), for common words only ("he", "spokesman", "minister"): a
    name's rate says who spoke in the training texts, and an unseen text has its own cast."""
    speaker_heads: frozenset[str]
    """Lower-case words that end speaker mentions often enough to head a nominal candidate."""
    common: frozenset[str]
    """Words written in lower case more often than not (so "Then" opening a sentence is no name)."""

    def cue_score(self, word: str) -> float:
        return self.cue.get(word, 0.0)

    def cue_scores(self, words: Sequence[str]) -> np.ndarray:
        get = self.cue.get
        return np.array([get(w, 0.0) for w in words], dtype=np.float64)

    def speaker_score(self, word: str) -> float:
        return self.speaker.get(word, 0.0)


HAND_PRIOR = 0.5
SPEAKER_HEAD_RATE = 0.01
_SMOOTHING = 2.0
_MIN_COUNT = 2


def learn_lexicon(docs: Sequence[Document]) -> Lexicon:
    """Count, over the training documents, how often each word is inside a gold cue, ends a
    gold speaker, or is written in lower case. Cue rates count only the documents that mark
    cues: in a corpus that marks none (PDNC, LitBank, QuoteLi3), "said" is never inside a
    marked cue, and that says nothing about it; the hand list's prior stands there."""
    total: Counter[str] = Counter()
    in_cued: Counter[str] = Counter()
    in_cue: Counter[str] = Counter()
    in_speaker: Counter[str] = Counter()
    written_lower: Counter[str] = Counter()
    for doc in docs:
        matches = list(_TOKEN.finditer(doc.text))
        words = [m.group().lower() for m in matches]
        mid2 = np.array([m.start() + m.end() for m in matches], dtype=np.int64)
        total.update(words)
        if any(att.cue for att in doc.attributions):
            in_cued.update(words)
        written_lower.update(m.group() for m in matches if m.group().islower())
        inside = np.zeros(len(words), dtype=bool)
        heads = set()
        for att in doc.attributions:
            for a, b in att.cue or ():
                inside[np.searchsorted(mid2, 2 * a) : np.searchsorted(mid2, 2 * b)] = True
            if att.speaker:
                last = [
                    i for i in range(*_token_range(mid2, att.speaker[-1])) if words[i][0].isalnum()
                ]
                heads.update(last[-1:])
        in_cue.update(words[i] for i in np.flatnonzero(inside))
        in_speaker.update(words[i] for i in heads)
    common = frozenset(w for w, count in written_lower.items() if 2 * count > total[w])
    cue: dict[str, float] = dict.fromkeys(CUE_WORDS, HAND_PRIOR)
    speaker: dict[str, float] = {}
    for word, count in in_cued.items():
        if count < _MIN_COUNT:
            continue
        prior = HAND_PRIOR if word in CUE_WORDS else 0.0
        score = (in_cue[word] + _SMOOTHING * prior) / (count + _SMOOTHING)
        if score > 0.01 or word in CUE_WORDS:
            cue[word] = round(score, 4)
    for word, count in total.items():
        if count >= _MIN_COUNT and in_speaker[word] and word in common:
            speaker[word] = round(in_speaker[word] / (count + _SMOOTHING), 4)
    heads = frozenset(
        w for w, rate in speaker.items() if rate >= SPEAKER_HEAD_RATE and len(w) > 1 and w.isalpha()
    )
    return Lexicon(cue, speaker, heads, common)


def _token_range(mid2: np.ndarray, span: tuple[int, int]) -> tuple[int, int]:
    return int(np.searchsorted(mid2, 2 * span[0])), int(np.searchsorted(mid2, 2 * span[1]))
