"""Second look at the tagger's spans: which neighbouring spans are fragments of one quote, and
which quotes are attributions worth reporting.

A gradient-boosted judge scores each quote from its shape, the tagger's confidence, its cues
and how credible its best speaker is; it is trained on spans decoded for held-out articles,
and its threshold maximises the end-to-end F1 there (a span counts when it matches a gold
quote and its speaker is right)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from baselines.learned.boosting import fit_boosted, out_of_fold, positive_proba
from baselines.learned.features import Layout
from baselines.learned.ranker import ArticleView, Quote

TokenSpan = tuple[int, int]
N_SPAN_FEATURES = 20
N_GAP_FEATURES = 16


def as_rows(rows: list[list[float]], width: int) -> np.ndarray:
    """A (len(rows) x width) float matrix, also when there are no rows."""
    return np.array(rows, dtype=np.float64).reshape(len(rows), width)


@dataclass(frozen=True)
class Tagged:
    """An article as the tagger left it: its decoded spans and per-token probabilities."""

    art: ArticleView
    spans: list[TokenSpan]
    p_out: np.ndarray
    """P(O) of each token."""
    p_begin: np.ndarray
    """P(B) of each token."""

    @classmethod
    def of(cls, art: ArticleView, spans: list[TokenSpan], log_proba: np.ndarray) -> Tagged:
        return cls(art, spans, np.exp(log_proba[:, 0]), np.exp(log_proba[:, 1]))


def span_features(tagged: Tagged, quote: Quote, speaker_score: float) -> list[float]:
    lay, cue = tagged.art.lay, tagged.art.cue
    lo, hi = quote[0][0], quote[-1][1]
    n = len(lay)
    tokens = np.r_[tuple(slice(a, b) for a, b in quote)] if len(quote) > 1 else slice(lo, hi)
    inside = 1.0 - tagged.p_out[tokens]
    sentence = lay.sentence
    return [
        float(lay.word[tokens].sum()),
        float(len(inside)),
        float(len(quote)),
        float(inside.mean()),
        float(inside.min()),
        float(tagged.p_begin[lo]),
        float(tagged.p_out[lo - 1]) if lo > 0 else 1.0,
        float(tagged.p_out[hi]) if hi < n else 1.0,
        float(lay.quoted[tokens].mean()),
        float(lay.mark[lo] == 1 or (lo > 0 and lay.mark[lo - 1] == 1)),
        float(lay.mark[hi - 1] == 2 or (hi < n and lay.mark[hi] == 2)),
        float(cue[max(lo - 3, 0) : lo].max(initial=0.0)),
        float(cue[hi : hi + 3].max(initial=0.0)),
        float(lo == 0 or sentence[lo - 1] != sentence[lo]),
        float(hi == n or sentence[hi] != sentence[hi - 1] or lay.words[hi] in ".!?"),
        float(sentence[hi - 1] - sentence[lo]),
        float(lay.paragraph[lo] == 0),
        float(lo > 0 and lay.lower[lo - 1] == "that"),
        float(lo > 0 and lay.words[lo - 1] == ":"),
        speaker_score,
    ]


class FragmentJoiner:
    """Joins neighbouring spans that are fragments of one quote ("X," she said. "Y"): a
    gradient-boosted classifier over the gap between them, trained on held-out spans."""

    MAX_GAP = 12
    """Spans further apart (in tokens) are never joined."""

    def __init__(self, *, random_state: int = 0):
        self.random_state = random_state
        self.model = None

    def fit(self, rows: np.ndarray, same_quote: np.ndarray) -> FragmentJoiner:
        self.model = fit_boosted(rows, same_quote, random_state=self.random_state, max_iter=100)
        return self

    def join(self, tagged: Sequence[Tagged]) -> list[list[Quote]]:
        """Each article's spans grouped into quotes (one model call for the batch)."""
        pairs = [neighbours(t.spans) for t in tagged]
        rows = [
            gap_features(t, t.spans[k], t.spans[k + 1])
            for t, doc_pairs in zip(tagged, pairs, strict=True)
            for k in doc_pairs
        ]
        verdicts = iter(positive_proba(self.model, as_rows(rows, N_GAP_FEATURES)) >= 0.5)
        out = []
        for t, doc_pairs in zip(tagged, pairs, strict=True):
            joined = {k for k in doc_pairs if next(verdicts)}
            quotes: list[Quote] = []
            for k, span in enumerate(t.spans):
                if k - 1 in joined:
                    quotes[-1].append(span)
                else:
                    quotes.append([span])
            out.append(quotes)
        return out


def neighbours(spans: Sequence[TokenSpan]) -> list[int]:
    """Indices k of the spans close enough to span k + 1 to be joined with it."""
    return [
        k for k in range(len(spans) - 1) if spans[k + 1][0] - spans[k][1] <= FragmentJoiner.MAX_GAP
    ]


def gap_features(tagged: Tagged, first: TokenSpan, second: TokenSpan) -> list[float]:
    lay, cue = tagged.art.lay, tagged.art.cue
    a, b = first[1], second[0]
    gap_words = [w for w in lay.words[a:b] if w[0].isalnum()]
    last = first[1] - 1
    return [
        b - a,
        len(gap_words),
        float(cue[a:b].max(initial=0.0)),
        float(any(w[0].isupper() for w in gap_words)),
        float(lay.paragraph[b] != lay.paragraph[last]),
        float(lay.sentence[b] - lay.sentence[last]),
        float(lay.quoted[first[0] : first[1]].mean()),
        float(lay.quoted[second[0] : second[1]].mean()),
        float(lay.mark[last] == 2 or (a < len(lay) and lay.mark[a] == 2)),
        float(lay.mark[b] == 1 or lay.mark[b - 1] == 1),
        float(lay.quotation[last] >= 0 and lay.quotation[last] == lay.quotation[b]),
        float(tagged.p_out[a:b].mean()) if b > a else 0.0,
        float(first[1] - first[0]),
        float(second[1] - second[0]),
        float(lay.words[b - 1] in ".!?"),
        float(lay.words[b - 1] == ","),
    ]


def same_quote(lay: Layout, gold: GoldSpans, first: TokenSpan, second: TokenSpan) -> bool:
    """Whether most words of both spans lie in one gold quote (only a quote overlapping the
    first span can hold most of its words)."""
    return any(
        _mostly_in(lay, first, gold.gold[k]) and _mostly_in(lay, second, gold.gold[k])
        for k in gold.overlapping(*first)
    )


def _mostly_in(lay: Layout, span: TokenSpan, quote: Quote) -> bool:
    words = [i for i in range(*span) if lay.word[i]]
    inside = sum(1 for i in words if any(a <= i < b for a, b in quote))
    return bool(words) and 2 * inside > len(words)


class SpanJudge:
    """P(a decoded span is a right attribution), and the keep threshold that maximises F1."""

    def __init__(self, *, random_state: int = 0):
        self.random_state = random_state
        self.model = None
        self.threshold = 0.5

    def fit(self, features: np.ndarray, right: np.ndarray, n_gold: int) -> SpanJudge:
        # the threshold is tuned on out-of-fold scores: in-sample ones are overconfident
        scores = out_of_fold(features, right, folds=3, random_state=self.random_state, max_iter=100)
        self.threshold = best_f1_threshold(scores, right, n_gold)
        self.model = fit_boosted(features, right, random_state=self.random_state, max_iter=100)
        return self

    def keep(self, features: np.ndarray) -> np.ndarray:
        return positive_proba(self.model, features) >= self.threshold


def best_f1_threshold(scores: np.ndarray, hits: np.ndarray, n_gold: int) -> float:
    """The score threshold whose kept spans give the best F1 (`hits` count as true positives)."""
    if not len(scores):
        return 0.0
    order = np.argsort(-scores, kind="stable")
    kept = np.arange(1, len(order) + 1)
    f1 = 2 * np.cumsum(hits[order]) / (kept + n_gold)
    return float(scores[order][int(np.argmax(f1))])


class GoldSpans:
    """An article's gold quotes, indexed so that finding those a span overlaps reads only the
    candidates (bisection over starts and running maximum ends), never every quote: a novel
    has thousands."""

    def __init__(self, gold: Sequence[Quote]):
        self.gold = gold
        self.order = sorted(range(len(gold)), key=lambda k: gold[k][0][0])
        self.starts = [gold[k][0][0] for k in self.order]
        # a quote's extent ends at its furthest fragment end (fragments may overlap)
        self.ends = [max(b for _, b in quote) for quote in gold]
        self.reach = list(itertools.accumulate((self.ends[k] for k in self.order), max))

    def overlapping(self, lo: int, hi: int) -> list[int]:
        """Indices (in gold order) of the gold quotes whose extent overlaps [lo, hi)."""
        first = bisect.bisect_right(self.reach, lo)  # before it, every quote ends by lo
        last = bisect.bisect_left(self.starts, hi)  # from it on, every quote starts at hi or later
        return sorted(k for k in self.order[first:last] if self.ends[k] > lo)

    def best_match(self, lay: Layout, quote: Quote) -> int | None:
        """The gold quote with the highest Dice (over word tokens) with `quote`, if it reaches
        0.5 (the last of equals, in gold order)."""
        lo, hi = quote[0][0], quote[-1][1]
        return _best_of(lay, self.gold, quote, self.overlapping(lo, hi))


def _best_of(lay: Layout, gold: Sequence[Quote], quote: Quote, candidates: list[int]) -> int | None:
    tokens = {i for a, b in quote for i in range(a, b) if lay.word[i]}
    best, best_dice = None, 0.5
    for k in candidates:
        other = gold[k]
        words = {i for a, b in other for i in range(a, b) if lay.word[i]}
        total = len(tokens) + len(words)
        dice = 2 * len(tokens & words) / total if total else 0.0
        if dice >= best_dice:
            best, best_dice = k, dice
    return best
