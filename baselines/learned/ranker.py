"""Speakers by ranking candidate mentions: gradient-boosted trees score every (quote, mention)
pair near the quote; the best mention speaks unless its score is below a threshold tuned on
held-out training articles (then the quote has no speaker)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from baselines.learned.boosting import fit_boosted, positive_proba
from baselines.learned.candidates import Mention
from baselines.learned.features import CLAUSE_PUNCT, CUE_THRESHOLD, Layout
from baselines.learned.lexicon import Lexicon
from baselines.learned.rules import sieve_speakers

TokenSpan = tuple[int, int]
Quote = list[TokenSpan]
"""A quote as token ranges [lo, hi), one per fragment, in text order."""
Ranked = tuple[Mention | None, float]
BEFORE, AFTER, GAP = 0, 1, 2
WINDOW_PARAGRAPHS = 1
"""Candidates come from the quote's paragraphs and this many paragraphs before them."""
SUBJECT_REACH = 4
"""A cue this many tokens after a mention makes it look like the cue's subject."""


@dataclass(frozen=True)
class ArticleView:
    """An article as the ranker reads it: its candidate mentions as arrays, their quote-free
    features, and the per-token cue scores."""

    lay: Layout
    mentions: list[Mention]
    lo: np.ndarray
    hi: np.ndarray
    paragraph: np.ndarray
    sentence: np.ndarray
    static: np.ndarray
    """One row of STATIC features per mention."""
    cue: np.ndarray
    """Per-token cue score."""
    cues_before: np.ndarray
    """cues_before[t]: number of cue tokens before token t (prefix sums, length n + 1)."""

    @classmethod
    def of(
        cls, lay: Layout, mentions: list[Mention], cue: np.ndarray, lexicon: Lexicon
    ) -> ArticleView:
        lo = np.array([m.lo for m in mentions], dtype=np.int64)
        hi = np.array([m.hi for m in mentions], dtype=np.int64)
        static = _static_features(lay, mentions, lo, hi, cue, lexicon)
        cues_before = np.concatenate([[0], np.cumsum(cue >= CUE_THRESHOLD)])
        return cls(
            lay, mentions, lo, hi, lay.paragraph[lo], lay.sentence[lo], static, cue, cues_before
        )


class SpeakerRanker:
    def __init__(self, *, random_state: int = 0):
        self.random_state = random_state
        self.model = None
        self.threshold = 0.0

    def fit(
        self,
        articles: Sequence[ArticleView],
        quotes: Sequence[Sequence[Quote]],
        speakers: Sequence[Sequence[set[int]]],
    ) -> SpeakerRanker:
        """`speakers[a][q]`: token indices of quote q's gold speaker (empty without one)."""
        rows, labels = [], []
        for art, art_quotes, art_speakers in zip(articles, quotes, speakers, strict=True):
            pairs = pair_features(art, art_quotes)
            rows.append(pairs.features)
            labels += [
                _overlaps(art, pairs.index[a:b], gold)
                for (a, b), gold in zip(pairs.groups(), art_speakers, strict=True)
            ]
        x = np.concatenate(rows) if rows else np.zeros((0, N_FEATURES))
        y = np.concatenate(labels) if labels else np.zeros(0, dtype=bool)
        self.model = fit_boosted(
            x,
            y,
            random_state=self.random_state,
            max_iter=120,
            learning_rate=0.15,
            max_leaf_nodes=63,
            l2_regularization=1.0,
        )
        return self

    def rank(
        self, articles: Sequence[ArticleView], quotes: Sequence[Sequence[Quote]]
    ) -> list[list[Ranked]]:
        """For each quote of each article, the best candidate and its score ((None, 0.0) without
        candidates); one model call for the whole batch."""
        pairs = [
            pair_features(art, art_quotes) for art, art_quotes in zip(articles, quotes, strict=True)
        ]
        rows = np.concatenate([p.features for p in pairs]) if pairs else np.zeros((0, N_FEATURES))
        scores = positive_proba(self.model, rows)
        out = []
        offset = 0
        for art, art_pairs in zip(articles, pairs, strict=True):
            answers: list[Ranked] = []
            for a, b in art_pairs.groups():
                if a == b:
                    answers.append((None, 0.0))
                    continue
                best = a + int(np.argmax(scores[offset + a : offset + b]))
                answers.append((art.mentions[art_pairs.index[best]], float(scores[offset + best])))
            offset += len(art_pairs.index)
            out.append(answers)
        return out


@dataclass(frozen=True)
class Pairs:
    """(quote, candidate) pairs of one article, grouped by quote in quote order."""

    quote: np.ndarray
    index: np.ndarray
    """Mention index of each pair."""
    features: np.ndarray
    n_quotes: int

    def groups(self) -> list[tuple[int, int]]:
        """Row range [a, b) of each quote's pairs."""
        bounds = np.searchsorted(self.quote, np.arange(self.n_quotes + 1))
        return list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))


def best_accuracy_threshold(scores: np.ndarray, outcomes: np.ndarray) -> float:
    """The score below which answering "no speaker" is right most often.

    `outcomes[k]` = (the best candidate of quote k is right, quote k has no gold speaker)."""
    if not len(scores):
        return 0.0
    order = np.argsort(scores, kind="stable")
    right_if_named = outcomes[order, 0].astype(np.int64)
    right_if_null = outcomes[order, 1].astype(np.int64)
    # cut k: the k lowest-scored quotes answer "no speaker", the others their best candidate
    total = np.concatenate([[0], np.cumsum(right_if_null)]) + np.concatenate(
        [np.cumsum(right_if_named[::-1])[::-1], [0]]
    )
    k = int(np.argmax(total))
    ranked = scores[order]
    if k == 0:
        return 0.0  # every quote is better off named: no score is too low
    if k == len(scores):
        return float(np.nextafter(ranked[-1], np.inf))
    return float((ranked[k - 1] + ranked[k]) / 2)  # midway between the cut's neighbours


def pair_features(art: ArticleView, quotes: Sequence[Quote]) -> Pairs:
    """The candidate mentions near each quote (its paragraphs and the one before, not inside
    the quote) with one feature row per pair, computed for all quotes of an article at once."""
    lay = art.lay
    n_quotes = len(quotes)
    if not n_quotes or not len(art.mentions):
        return Pairs(
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
            np.zeros((0, N_FEATURES)),
            n_quotes,
        )
    q_lo = np.array([q[0][0] for q in quotes])
    q_hi = np.array([q[-1][1] for q in quotes])
    first = np.searchsorted(art.paragraph, lay.paragraph[q_lo] - WINDOW_PARAGRAPHS)
    counts = np.searchsorted(art.paragraph, lay.paragraph[q_hi - 1] + 1) - first
    quote = np.repeat(np.arange(n_quotes), counts)
    group_offset = np.cumsum(counts) - counts
    index = first[quote] + np.arange(len(quote)) - group_offset[quote]

    lo, hi = art.lo[index], art.hi[index]
    inside = np.zeros(len(index), dtype=bool)
    gap_distance = np.full(len(index), np.iinfo(np.int64).max)
    width = max(len(q) for q in quotes)
    fragments = np.full((n_quotes, width, 2), -1, dtype=np.int64)
    for k, q in enumerate(quotes):
        fragments[k, : len(q)] = q
    for f in range(width):
        a, b = fragments[quote, f, 0], fragments[quote, f, 1]
        valid = a >= 0
        inside |= valid & (lo >= a) & (hi <= b)
        gap_distance = np.where(
            valid,
            np.minimum(gap_distance, np.minimum(np.abs(lo - b), np.abs(a - hi))),
            gap_distance,
        )
    keep = ~inside
    quote, index, lo, hi, gap_distance = (
        quote[keep],
        index[keep],
        lo[keep],
        hi[keep],
        gap_distance[keep],
    )
    if not len(index):
        return Pairs(quote, index, np.zeros((0, N_FEATURES)), n_quotes)

    qlo, qhi = q_lo[quote], q_hi[quote]
    position = np.where(hi <= qlo, BEFORE, np.where(lo >= qhi, AFTER, GAP))
    distance = np.where(
        position == BEFORE, qlo - hi, np.where(position == AFTER, lo - qhi, gap_distance)
    )
    first_sentence, last_sentence = lay.sentence[qlo], lay.sentence[qhi - 1]
    sentence = art.sentence[index]
    sentence_distance = np.where(
        sentence < first_sentence,
        first_sentence - sentence,
        np.where(sentence > last_sentence, sentence - last_sentence, 0),
    )
    paragraph_distance = lay.paragraph[qlo] - art.paragraph[index]

    # how many candidates, and how many cue subjects, lie between a candidate and its quote
    starts = np.searchsorted(quote, np.arange(n_quotes))
    before = position == BEFORE
    after = position == AFTER
    subject = art.static[index, STATIC.index("cue_after")] >= CUE_THRESHOLD
    before_seen = _group_cumsum(before, quote, starts)
    after_seen = _group_cumsum(after, quote, starts)
    n_before = _group_total(before, quote, starts)
    subjects_before = _group_cumsum(subject & before, quote, starts)
    subjects_after = _group_cumsum(subject & after, quote, starts)
    between = np.where(before, n_before - before_seen, np.where(after, after_seen - 1, 0))
    subject_rank = np.where(
        before,
        _group_total(subject & before, quote, starts) - subjects_before,
        np.where(after, subjects_after - (subject & after), 0),
    )
    gap_lo = np.where(before, hi, np.where(after, qhi, lo))
    gap_hi = np.where(before, qlo, lo)
    cues_between = art.cues_before[gap_hi] - art.cues_before[gap_lo]

    picks = sieve_speakers(lay, quotes)
    pick_lo = np.array([p[0][0] if p else -1 for p in picks])[quote]
    pick_hi = np.array([p[-1][1] if p else -1 for p in picks])[quote]
    quote_rows = np.array(
        [
            [
                float(bool(p)),
                art.cue[max(q[0][0] - 3, 0) : q[0][0]].max(initial=0.0),
                art.cue[q[-1][1] : q[-1][1] + 3].max(initial=0.0),
                float(lay.quoted[q[0][0]] or lay.mark[q[0][0]] == 1),
                float(sum(b - a for a, b in q)),
                float(len(q)),
                float(q[0][0] > 0 and lay.words[q[0][0] - 1] == ":"),
            ]
            for q, p in zip(quotes, picks, strict=True)
        ]
    )
    pair = np.stack(
        [
            position,
            distance,
            sentence_distance,
            paragraph_distance,
            between,
            cues_between,
            subject_rank,
            (sentence == first_sentence) | (sentence == last_sentence),
            (lo < pick_hi) & (hi > pick_lo),  # the sieve's speaker for the quote
        ],
        axis=1,
    )
    return Pairs(quote, index, np.hstack([pair, art.static[index], quote_rows[quote]]), n_quotes)


def _group_cumsum(flags: np.ndarray, group: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Running count of `flags` within each group (rows sorted by group), inclusive."""
    total = np.cumsum(flags)
    base = np.concatenate([[0], total])[starts]
    return total - base[group]


def _group_total(flags: np.ndarray, group: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Count of `flags` in each row's group."""
    total = np.concatenate([[0], np.cumsum(flags)])
    ends = np.concatenate([starts[1:], [len(flags)]])
    return (total[ends] - total[starts])[group]


STATIC = (
    "kind",
    "speaker_score",
    "length",
    "cue_after",
    "cue_after_distance",
    "cue_before",
    "according_before",
    "comma_after",
    "comma_before",
    "sentence_initial",
    "quoted",
    "possessive",
    "punct_to_cue",
)
N_FEATURES = 9 + len(STATIC) + 7


def _static_features(
    lay: Layout,
    mentions: Sequence[Mention],
    lo: np.ndarray,
    hi: np.ndarray,
    cue: np.ndarray,
    lexicon: Lexicon,
) -> np.ndarray:
    n = len(lay)
    words, lower = lay.words, lay.lower
    padded = np.concatenate([[0.0, 0.0], cue, np.zeros(SUBJECT_REACH)])  # padded[t + 2] = cue[t]
    ahead = np.stack([padded[hi + 2 + k] for k in range(SUBJECT_REACH)], axis=1)
    hits = ahead >= CUE_THRESHOLD
    cue_distance = np.where(hits.any(axis=1), hits.argmax(axis=1), SUBJECT_REACH + 1)
    punct = np.concatenate([[0], np.cumsum([w in CLAUSE_PUNCT for w in words])])
    punct_to_cue = punct[np.minimum(hi + np.minimum(cue_distance, SUBJECT_REACH), n)] > punct[hi]
    comma = np.array([w == "," for w in words] + [False])
    according = np.array(
        [False]
        + [a == "according" and b == "to" for a, b in zip(lower, lower[1:], strict=False)]
        + [False]
    )
    sentence_first = np.ones(n + 1, dtype=bool)
    sentence_first[1:n] = lay.sentence[1:] != lay.sentence[:-1]
    after_open_mark = (lo > 0) & (lay.mark[np.maximum(lo - 1, 0)] == 1)
    opens = sentence_first[lo] | (after_open_mark & sentence_first[np.maximum(lo - 1, 0)])
    apostrophe = np.array([w in ("'", "’") for w in words] + [False])
    s_follows = np.array([w == "s" for w in lower[1:]] + [False, False])
    columns = [
        [m.kind for m in mentions],
        [lexicon.speaker_score(lower[m.head]) for m in mentions],
        hi - lo,
        ahead.max(axis=1, initial=0.0),
        cue_distance,
        np.maximum(padded[lo], padded[lo + 1]),
        according[np.maximum(lo - 1, 0)] & (lo > 0),
        comma[hi],
        comma[np.maximum(lo - 1, 0)] & (lo > 0),
        opens,
        lay.quoted[lo],
        apostrophe[hi] & s_follows[hi],
        punct_to_cue | (cue_distance > SUBJECT_REACH),
    ]
    return np.array(columns, dtype=np.float64).reshape(len(STATIC), len(mentions)).T


def _overlaps(art: ArticleView, index: np.ndarray, gold: set[int]) -> np.ndarray:
    if not gold:
        return np.zeros(len(index), dtype=bool)
    tokens = np.array(sorted(gold))
    lo, hi = art.lo[index], art.hi[index]
    return np.searchsorted(tokens, hi, side="left") > np.searchsorted(tokens, lo, side="left")
