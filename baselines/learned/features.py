"""Token layout of an article and the hashed token features the quote tagger reads.

An article is cut into tokens (`\\w+|[^\\w\\s]`), sentences and paragraphs once (`Layout`);
every feature is then computed with numpy over whole token arrays, and each feature template
contributes one hashed column per token, so building the design matrix costs a handful of
vector operations per article rather than a Python dict per token.
"""

from __future__ import annotations

import re
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from baselines.sieve.cascade import run
from baselines.sieve.state import Cascade
from baselines.text import QUOTE_MARKS, Analysis

TOKEN = re.compile(r"\w+|[^\w\s]")
N_COLUMNS = 1 << 21
N_TEMPLATES = 48
"""Feature templates per token (`_columns`)."""
CUE_THRESHOLD = 0.3
"""Tokens whose cue probability (cues.CueDetector) reaches this count as cues where a yes/no is
needed."""
LEXICON_CUE_THRESHOLD = 0.15
"""The same for the lexicon's cue rates."""
CLAUSE_PUNCT = frozenset(",;:—–-()")
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class Layout:
    """An article's tokens with their sentence, paragraph and quotation-mark context."""

    text: str
    analysis: Analysis
    """The rule baselines' analysis of the same text (sentences, quotations, named mentions)."""
    starts: np.ndarray
    ends: np.ndarray
    words: list[str]
    lower: list[str]
    word: np.ndarray
    """True for word tokens (\\w+), False for punctuation."""
    sentence: np.ndarray
    """Sentence index of each token (paragraph breaks end sentences)."""
    paragraph: np.ndarray
    quoted: np.ndarray
    """1 inside quotation marks (the marks excluded), else 0."""
    mark: np.ndarray
    """0 for other tokens, 1 for an opening quotation mark, 2 for a closing one."""
    quote_length: np.ndarray
    """Word count of the quoted passage a token is in (0 outside quotes)."""
    quotation: np.ndarray
    """Index of the quotation (marks included) a token is in, -1 outside; a quotation continued
    into the next paragraph keeps its index."""
    dialogue: np.ndarray
    """1 in a paragraph that opens with a dialogue dash (— or –), else 0."""

    def __len__(self) -> int:
        return len(self.words)

    @cached_property
    def sieve(self) -> Cascade:
        """The rule baseline's cascade over the same analysis, run once per layout (the
        ranker reads its speakers, rules.py)."""
        return run(self.analysis)

    def char_span(self, lo: int, hi: int) -> tuple[int, int]:
        """The character span of tokens [lo, hi)."""
        return int(self.starts[lo]), int(self.ends[hi - 1])

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices [lo, hi) of the tokens whose midpoint lies in the character span."""
        mid2 = self.starts + self.ends
        return int(np.searchsorted(mid2, 2 * start)), int(np.searchsorted(mid2, 2 * end))


def layout(text: str) -> Layout:
    analysis = Analysis(text)
    matches = list(TOKEN.finditer(text))
    starts = np.fromiter((m.start() for m in matches), dtype=np.int64, count=len(matches))
    ends = np.fromiter((m.end() for m in matches), dtype=np.int64, count=len(matches))
    words = [sys.intern(m.group()) for m in matches]  # shared strings: see text.Analysis
    paragraph = _per_token(starts, [a for a, _ in analysis.paragraph_spans])
    sentence = _per_token(starts, [analysis.starts[a] for a, _ in analysis.sentence_bounds])
    quoted, mark, quote_length, quotation = _quotations(analysis, words, starts, ends)
    lower = [sys.intern(w.lower()) for w in words]
    word = np.array([w[0].isalnum() or w[0] == "_" for w in words], dtype=bool)
    dialogue = np.array(analysis.dialogue, dtype=np.int64)[paragraph] if len(words) else paragraph
    return Layout(
        text,
        analysis,
        starts,
        ends,
        words,
        lower,
        word,
        sentence,
        paragraph,
        quoted,
        mark,
        quote_length,
        quotation,
        dialogue,
    )


def token_columns(
    layouts: Sequence[Layout], rates: Sequence[np.ndarray], detected: Sequence[np.ndarray]
) -> np.ndarray:
    """(tokens x templates) hashed column indices of every layout's tokens, in order, given
    each token's lexicon cue rate (lexicon.Lexicon) and cue probability (cues.CueDetector)."""
    blocks = [
        _columns(lay, rate, cue) for lay, rate, cue in zip(layouts, rates, detected, strict=True)
    ]
    return np.concatenate(blocks, axis=0) if blocks else np.zeros((0, N_TEMPLATES), dtype=np.int32)


def to_matrix(columns: np.ndarray) -> sp.csr_matrix:
    """A binary CSR matrix with one nonzero per (row, template)."""
    n_rows, n_templates = columns.shape
    indptr = np.arange(0, n_rows * n_templates + 1, n_templates, dtype=np.int32)
    # float64 values and int32 indices are what the linear models compute with: no copies
    data = np.ones(n_rows * n_templates, dtype=np.float64)
    return sp.csr_matrix((data, columns.ravel(), indptr), shape=(n_rows, N_COLUMNS))


def word_ids(words: Sequence[str]) -> np.ndarray:
    """Stable 31-bit ids of strings (crc32: the same in every process, unlike hash())."""
    return np.fromiter((_word_id(w) for w in words), dtype=np.int64, count=len(words))


class _WordCodes:
    """(lower-case id, shape id, suffix id) of each word, computed once per distinct word in the
    process: an article then costs one dict lookup per token. The codes are pure functions of
    the word, so this cache changes speed only; it is emptied past LIMIT words."""

    LIMIT = 1 << 20

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        self.table = np.zeros((1 << 12, 3), dtype=np.int64)

    def __call__(self, words: Sequence[str]) -> np.ndarray:
        rows = self.rows
        new = [w for w in set(words) if w not in rows]
        if len(rows) + len(new) > self.LIMIT:
            rows.clear()
            new = list(set(words))
        if new:
            need = len(rows) + len(new)
            if need > len(self.table):
                grown = np.zeros((max(need, 2 * len(self.table)), 3), dtype=np.int64)
                grown[: len(self.table)] = self.table
                self.table = grown
            lower = [w.lower() for w in new]
            codes = np.stack(
                [
                    word_ids(lower),
                    word_ids([shape(w) for w in new]),
                    word_ids([w[-3:] for w in lower]),
                ],
                axis=1,
            )
            self.table[len(rows) : need] = codes
            rows.update(zip(new, range(len(rows), need), strict=True))
        return self.table[[rows[w] for w in words]]


word_codes = _WordCodes()


def shape(word: str) -> str:
    """Capitalisation and character class: Xx, x, X, d, or the punctuation itself."""
    if word[0].isdigit():
        return "d"
    if not _WORD_CHAR.match(word):
        return word
    if word.isupper() and len(word) > 1:
        return "X"
    return "Xx" if word[0].isupper() else "x"


def nearest(positions: np.ndarray, n: int, sentence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each token, the index of the nearest position strictly left / right of it in the
    same sentence, or -1."""
    index = np.arange(n)
    left = np.full(n, -1, dtype=np.int64)
    right = np.full(n, -1, dtype=np.int64)
    if len(positions):
        k = np.searchsorted(positions, index, side="left") - 1
        ok = k >= 0
        cand = np.where(ok, positions[np.maximum(k, 0)], -1)
        ok &= sentence[np.maximum(cand, 0)] == sentence
        left = np.where(ok, cand, -1)
        k = np.searchsorted(positions, index, side="right")
        ok = k < len(positions)
        cand = np.where(ok, positions[np.minimum(k, len(positions) - 1)], -1)
        ok &= sentence[np.maximum(cand, 0)] == sentence
        right = np.where(ok, cand, -1)
    return left, right


# -- feature templates ---------------------------------------------------------------------

_DISTANCE_BINS = np.array([1, 2, 3, 4, 6, 9, 14, 20, 30, 50])


def _columns(lay: Layout, cue_score: np.ndarray, detected: np.ndarray) -> np.ndarray:
    """(tokens x templates) hashed column indices of one article."""
    n = len(lay)
    codes = word_codes(lay.words)
    ids, shapes, suffix = codes[:, 0], codes[:, 1], codes[:, 2]
    pad = np.concatenate([[1, 2], ids, [3, 4]])
    prev2, prev1, next1, next2 = pad[0:n], pad[1 : n + 1], pad[3 : n + 3], pad[4 : n + 4]
    spad = np.concatenate([[1], shapes, [2]])
    index = np.arange(n)

    sent_start = group_start(lay.sentence)
    sent_end = group_end(lay.sentence)
    from_start = np.digitize(index - sent_start, _DISTANCE_BINS)
    to_end = np.digitize(sent_end - index, _DISTANCE_BINS)
    para_start = group_start(lay.paragraph)
    sentence_in_paragraph = np.minimum(lay.sentence - lay.sentence[para_start], 3)
    first_paragraph = (lay.paragraph == 0).astype(np.int64)

    is_cue = cue_score >= LEXICON_CUE_THRESHOLD
    cue_positions = np.flatnonzero(is_cue)
    cue_left, cue_right = nearest(cue_positions, n, lay.sentence)
    left_dist = np.where(cue_left >= 0, np.digitize(index - cue_left, _DISTANCE_BINS), 99)
    right_dist = np.where(cue_right >= 0, np.digitize(cue_right - index, _DISTANCE_BINS), 99)
    left_word = np.where(cue_left >= 0, ids[np.maximum(cue_left, 0)], 5)
    right_word = np.where(cue_right >= 0, ids[np.maximum(cue_right, 0)], 6)

    punct = np.array([w in CLAUSE_PUNCT for w in lay.words], dtype=np.int64)
    punct_before = np.cumsum(punct)
    left_punct = np.where(
        cue_left >= 0, punct_before[np.maximum(cue_left, 0)] != punct_before - punct, 0
    )
    right_punct = np.where(
        cue_right >= 0, punct_before[np.maximum(cue_right, 0) - 1] != punct_before - punct, 0
    )
    right_punct = np.where(cue_right > 0, right_punct, 0)

    # "..., the minister said": a short segment between the last comma and a cue to the right;
    # "according to X, ...": a short segment between a cue to the left and the next comma
    punct_at = np.flatnonzero(punct)
    k = np.searchsorted(punct_at, index, side="left") - 1
    last_punct = (
        np.where(k >= 0, punct_at[np.maximum(k, 0)], -1) if len(punct_at) else np.full(n, -1)
    )
    k = np.searchsorted(punct_at, index, side="right")
    next_punct = (
        np.where(k < len(punct_at), punct_at[np.minimum(k, len(punct_at) - 1)], n)
        if len(punct_at)
        else np.full(n, n)
    )
    tail_comma = last_punct[np.maximum(cue_right, 0)]
    tail = np.where(
        (cue_right >= 0) & (tail_comma > index),
        np.digitize(cue_right - tail_comma, _DISTANCE_BINS),
        99,
    )
    head_comma = next_punct[np.maximum(cue_left, 0)]
    head = np.where(
        (cue_left >= 0) & (head_comma < index),
        np.digitize(head_comma - cue_left, _DISTANCE_BINS),
        99,
    )

    is_that = np.array([w == "that" for w in lay.lower])
    that_after_cue = np.zeros(n, dtype=bool)
    if n > 1:
        that_after_cue[1:] = is_that[1:] & is_cue[:-1]
    that_positions = np.flatnonzero(that_after_cue)
    that_left, _ = nearest(that_positions, n, lay.sentence)

    colon = np.array([w == ":" for w in lay.words])
    colon_left, colon_right = nearest(np.flatnonzero(colon), n, lay.sentence)
    sentence_quoted = group_any(lay.sentence, lay.mark > 0)
    sentence_cue = group_any(lay.sentence, is_cue)
    qlen = np.digitize(lay.quote_length, np.array([1, 3, 5, 8, 13]))
    cue_bin = np.digitize(cue_score, np.array([0.02, 0.1, 0.3, 0.6]))
    detected_bin = np.digitize(detected, np.array([0.05, 0.15, 0.3, 0.5, 0.7, 0.9]))
    found_left, found_right = nearest(np.flatnonzero(detected >= CUE_THRESHOLD), n, lay.sentence)
    found_left = np.where(found_left >= 0, np.digitize(index - found_left, _DISTANCE_BINS), 99)
    found_right = np.where(found_right >= 0, np.digitize(found_right - index, _DISTANCE_BINS), 99)

    templates = [
        np.zeros(n, dtype=np.int64),  # bias
        # the word, its neighbours, shape and suffix
        ids,
        prev1,
        next1,
        prev2,
        next2,
        pair(prev1, ids),
        pair(ids, next1),
        shapes,
        pair(spad[0:n], shapes),
        pair(shapes, spad[2 : n + 2]),
        suffix,
        # quotation marks
        pair(lay.quoted, qlen),
        lay.mark,
        pair(lay.mark, prev1),
        pair(lay.mark, next1),
        pair(lay.mark, lay.quoted),
        pair(lay.dialogue, from_start),
        pair(lay.dialogue, prev1),
        # position in the sentence and the article
        from_start,
        to_end,
        pair(from_start, lay.quoted),
        pair(to_end, lay.quoted),
        pair(sentence_in_paragraph, first_paragraph),
        # the nearest cues in the sentence, and what lies between
        left_dist,
        right_dist,
        pair(left_dist, left_punct),
        pair(right_dist, right_punct),
        pair(left_word, np.minimum(left_dist, 4)),
        pair(right_word, np.minimum(right_dist, 4)),
        pair(left_dist, lay.quoted),
        pair(right_dist, lay.quoted),
        pair(pair(left_dist, right_dist), lay.quoted),
        (that_left >= 0).astype(np.int64),
        pair(colon_left >= 0, colon_right >= 0),
        pair(sentence_quoted, sentence_cue),
        pair(pair(sentence_quoted, sentence_cue), lay.quoted),
        cue_bin,
        pair(cue_bin, shapes),
        # the learned cue detector's view
        detected_bin,
        pair(detected_bin, shapes),
        pair(found_left, lay.quoted),
        pair(found_right, lay.quoted),
        tail,
        pair(tail, lay.quoted),
        pair(tail, right_word),
        head,
        pair(head, left_word),
    ]
    return hashed(templates)


def hashed(templates: list[np.ndarray]) -> np.ndarray:
    """Column index of each (token, template) value: template number and value hashed together."""
    stacked = np.stack([np.asarray(t, dtype=np.int64) for t in templates], axis=1)
    number = np.arange(stacked.shape[1], dtype=np.uint64)
    return _mix(stacked.view(np.uint64) + number * _GOLDEN)


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, reduced to a column index: template and value mixed evenly."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return (x % np.uint64(N_COLUMNS)).astype(np.int32)


def pair(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=np.int64) * 1_000_003 + np.asarray(b, dtype=np.int64)


# -- layout helpers ------------------------------------------------------------------------


def _per_token(starts: np.ndarray, char_starts: Sequence[int]) -> np.ndarray:
    """Index of the region (given by sorted start offsets) each token starts in."""
    return np.maximum(
        np.searchsorted(np.asarray(char_starts, dtype=np.int64), starts, side="right") - 1, 0
    )


def _quotations(
    analysis: Analysis, words: list[str], starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Inside-quotes state, mark kind, quoted word count and quotation index per token, from the
    rule baselines' quotation scanner (curly and straight marks, nesting, quotes continued
    across paragraphs)."""
    n = len(words)
    quoted = np.zeros(n, dtype=np.int64)
    mark = np.zeros(n, dtype=np.int64)
    length = np.zeros(n, dtype=np.int64)
    quotation = np.full(n, -1, dtype=np.int64)
    mid2 = starts + ends
    for k, found in enumerate(analysis.quotations):
        ranges = [
            (int(np.searchsorted(mid2, 2 * a)), int(np.searchsorted(mid2, 2 * b)))
            for a, b in found.fragments
        ]
        size = sum(1 for lo, hi in ranges for w in words[lo:hi] if _WORD_CHAR.match(w))
        for lo, hi in ranges:
            quotation[lo:hi] = k
            if lo < hi and words[lo] in QUOTE_MARKS:
                mark[lo] = 1
                lo += 1
            if hi > lo and words[hi - 1] in QUOTE_MARKS and found.closed:
                mark[hi - 1] = 2
                hi -= 1
            quoted[lo:hi] = 1
            length[lo:hi] = size
    return quoted, mark, length, quotation


def group_start(groups: np.ndarray) -> np.ndarray:
    """For each token, the index of the first token of its group (groups are sorted runs)."""
    if not len(groups):
        return groups
    change = np.flatnonzero(np.diff(groups)) + 1
    firsts = np.concatenate([[0], change])
    return firsts[np.searchsorted(firsts, np.arange(len(groups)), side="right") - 1]


def group_end(groups: np.ndarray) -> np.ndarray:
    """For each token, the index of the last token of its group."""
    if not len(groups):
        return groups
    change = np.flatnonzero(np.diff(groups)) + 1
    lasts = np.concatenate([change - 1, [len(groups) - 1]])
    return lasts[np.searchsorted(lasts, np.arange(len(groups)), side="left")]


def group_any(groups: np.ndarray, flags: np.ndarray) -> np.ndarray:
    if not len(groups):
        return groups
    hits = np.zeros(int(groups.max()) + 1, dtype=bool)
    hits[groups[flags]] = True
    return hits[groups].astype(np.int64)


def _word_id(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) & 0x7FFFFFFF
