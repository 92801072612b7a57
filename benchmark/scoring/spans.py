"""Many spans (quotes or speaker mentions, of many articles) as token ranges in flat arrays.

Scoring compares hundreds of thousands of spans; as Python objects that is millions of small
operations, as arrays it is a few passes. A span's token set is the union of its fragments'
token index ranges (the rule of tokens.py); token indices are global over the tokenised texts,
so spans of different articles never share a token.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from benchmark.scoring.tokens import Tokenised, TokenSet

_NO_TOKEN = np.iinfo(np.int64).max


@dataclass(frozen=True)
class SpanTable:
    """Span i has the fragments first[i] : first[i] + count[i].

    Fragment f covers the tokens [lo[f], hi[f]), possibly none; within a span these ranges are
    disjoint, so sizes and intersections are sums over ranges.
    """

    first: np.ndarray
    count: np.ndarray
    """Fragments of each span: at least one."""
    lo: np.ndarray
    hi: np.ndarray
    chars: np.ndarray
    """(start, end) of every fragment as given, in its article's characters."""
    size: np.ndarray
    """Tokens of each span."""
    start: np.ndarray
    """First token of each span (a huge number when it has none)."""
    end: np.ndarray
    """One past the last token of each span (-1 when it has none)."""

    def __len__(self) -> int:
        return len(self.first)

    @classmethod
    def of_fragments(
        cls, spans: Sequence[Sequence[Sequence[int]]], article: np.ndarray, tokens: Tokenised
    ) -> SpanTable:
        """Spans given as character fragments of their articles (`article[i]`: span i's)."""
        count = np.fromiter(map(len, spans), dtype=np.int64, count=len(spans))
        n = int(count.sum())
        chars = np.fromiter(chain.from_iterable(chain.from_iterable(spans)), np.int64, 2 * n)
        chars = chars.reshape(n, 2)
        owner = np.repeat(article, count)
        length, offset = tokens.lengths[owner], tokens.offsets[owner]
        # a fragment beyond the text holds the same tokens as its part inside the text
        bounds = 2 * (np.clip(chars, 0, length[:, None]) + offset[:, None])
        mid2 = tokens.mid2
        lo = np.searchsorted(mid2, bounds[:, 0])
        hi = np.searchsorted(mid2, bounds[:, 1])
        return cls._of_ranges(count, lo, hi, chars)

    @classmethod
    def of_token_sets(cls, spans: Sequence[TokenSet]) -> SpanTable:
        """Spans given as token ranges (tokens.token_set's form); they have no characters."""
        spans = [span or ((0, 0),) for span in spans]  # no token: one empty range
        count = np.fromiter(map(len, spans), dtype=np.int64, count=len(spans))
        ranges = np.array([r for span in spans for r in span], dtype=np.int64).reshape(-1, 2)
        return cls._of_ranges(count, ranges[:, 0], ranges[:, 1], np.full_like(ranges, -1))

    @classmethod
    def _of_ranges(
        cls, count: np.ndarray, lo: np.ndarray, hi: np.ndarray, chars: np.ndarray
    ) -> SpanTable:
        first = np.zeros(len(count), dtype=np.int64)
        np.cumsum(count[:-1], out=first[1:])
        hi = np.maximum(hi, lo)  # a reversed fragment holds no token
        lo, hi = _disjoint(first, count, lo, hi)
        empty = lo == hi
        size = _by_span(np.add, hi - lo, first)
        start = _by_span(np.minimum, np.where(empty, _NO_TOKEN, lo), first)
        end = _by_span(np.maximum, np.where(empty, -1, hi), first)
        return cls(first, count, lo, hi, chars, size, start, end)


def common_tokens(a: SpanTable, ia: np.ndarray, b: SpanTable, ib: np.ndarray) -> np.ndarray:
    """|A ∩ B| for each pair of spans (a's span ia[k], b's span ib[k])."""
    na, nb = a.count[ia], b.count[ib]
    if not len(ia) or (na.max() == 1 and nb.max() == 1):
        fa, fb = a.first[ia], b.first[ib]
        return _range_overlap(a.lo[fa], a.hi[fa], b.lo[fb], b.hi[fb])
    per_pair = na * nb  # every fragment of one against every fragment of the other
    row = np.repeat(np.arange(len(ia)), per_pair)
    k = ranks(per_pair)
    fa = a.first[ia][row] + k // nb[row]
    fb = b.first[ib][row] + k % nb[row]
    overlap = _range_overlap(a.lo[fa], a.hi[fa], b.lo[fb], b.hi[fb])
    return np.add.reduceat(overlap, np.cumsum(per_pair) - per_pair)


def same_fragments(a: SpanTable, ia: np.ndarray, b: SpanTable, ib: np.ndarray) -> np.ndarray:
    """Whether the two spans of each pair have identical character fragments, in order."""
    same = a.count[ia] == b.count[ib]
    fa, fb = a.first[ia], b.first[ib]
    same &= (a.chars[fa] == b.chars[fb]).all(axis=1)
    longer = np.flatnonzero(same & (a.count[ia] > 1))
    for k in range(1, int(a.count[ia[longer]].max(initial=1))):
        longer = longer[a.count[ia[longer]] > k]
        equal = (a.chars[fa[longer] + k] == b.chars[fb[longer] + k]).all(axis=1)
        same[longer[~equal]] = False
    return same


def ranks(counts: np.ndarray) -> np.ndarray:
    """0, 1, ..., counts[0] - 1, 0, 1, ..., counts[1] - 1, ...: the rank of each element of
    np.repeat(x, counts) within its run."""
    ends = np.cumsum(counts)
    return np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - counts, counts)


def _range_overlap(alo, ahi, blo, bhi) -> np.ndarray:
    return np.maximum(np.minimum(ahi, bhi) - np.maximum(alo, blo), 0)


def _disjoint(
    first: np.ndarray, count: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The ranges of each span made disjoint, keeping their union (fragments given out of order
    or overlapping; the usual sorted, disjoint fragments are returned as they are)."""
    later = np.ones(len(lo), dtype=bool)
    later[first] = False  # a fragment after the first of its span
    if not (later[1:] & (lo[1:] < hi[:-1])).any():
        return lo, hi
    span = np.repeat(np.arange(len(count)), count)
    order = np.lexsort((lo, span))
    lo, hi = lo[order], hi[order]
    # end of the ranges before each one in its span; spans sort apart in the high bits
    reach = np.maximum.accumulate((span << 32) | hi)
    before = np.concatenate(([-1], reach[:-1]))
    covered = np.where((before >> 32) == span, before & 0xFFFFFFFF, 0)
    lo = np.maximum(lo, covered)
    return lo, np.maximum(hi, lo)


def _by_span(ufunc: np.ufunc, values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """ufunc over the fragments of each span (every span has at least one)."""
    return ufunc.reduceat(values, first) if len(first) else np.zeros(0, dtype=np.int64)
