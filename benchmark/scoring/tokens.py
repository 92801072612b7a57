"""Tokens and span token sets, the units every quote comparison counts.

A token is a match of `\\w+` in the article text. A token belongs to a span when its midpoint
`(start + end) / 2` lies inside one of the span's fragments `[a, b)`. Tokens are numbered in
text order, so the tokens of one fragment are a contiguous range of token indices and a span's
token set is a short tuple of disjoint index ranges: intersections cost a merge of a few
ranges, never a set operation over tokens.

`token_set`, `size` and `overlap` state the rule for one span; the scorer applies it to many
spans at once (spans.py) over the tokens of many texts found together by `tokenise`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np

WORD = re.compile(r"\w+")
SEPARATOR = "\n"
"""Joins texts tokenised together: not a word character, so no token spans two texts."""

TokenSet = tuple[tuple[int, int], ...]
"""Sorted, disjoint, non-empty token index ranges [lo, hi)."""


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token: the definition, used by tests and names."""
    return [m.span() for m in WORD.finditer(text)]


def midpoints2(text: str) -> list[int]:
    """Twice the midpoint (start + end) of every token, in text order; same tokens as `tokens`."""
    return tokenise([text]).mid2.tolist()


@dataclass(frozen=True)
class Tokenised:
    """Several texts joined by one non-word separator and tokenised at once.

    Positions are in the joined text, so the tokens of different texts never mix and token
    indices number the tokens of all texts in order.
    """

    codes: np.ndarray
    """The code point of every character of the joined text."""
    starts: np.ndarray
    """Start of every token."""
    ends: np.ndarray
    """End of every token."""
    offsets: np.ndarray
    """Where each text starts in the joined text."""
    lengths: np.ndarray
    """Length of each text."""

    @cached_property
    def mid2(self) -> np.ndarray:
        """Twice the midpoint of every token: a token is in [a, b) when 2a <= mid2 < 2b."""
        return self.starts + self.ends


def tokenise(texts: Sequence[str]) -> Tokenised:
    """Tokens of `texts`, vectorised over code points.

    Whether a character is a word character comes from a table built with the regex itself,
    and tokens are the maximal runs of word characters, which is exactly what `\\w+` matches.
    """
    joined = SEPARATOR.join(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offsets = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(lengths[:-1] + len(SEPARATOR), out=offsets[1:])
    codes = np.frombuffer(joined.encode("utf-16-le", "surrogatepass"), dtype="<u2")
    if len(codes) == len(joined):
        word = word_characters(codes)
    else:  # astral characters take two UTF-16 units: index code points instead
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        word = _word_table()[np.minimum(codes, _BMP - 1)]
        astral = codes >= _BMP
        unique, inverse = np.unique(codes[astral], return_inverse=True)
        word[astral] = np.array([_is_word(int(c)) for c in unique], dtype=bool)[inverse]
    edges = np.flatnonzero(word[1:] != word[:-1]) + 1
    if word.size and word[0]:
        edges = np.concatenate(([0], edges))
    if word.size and word[-1]:
        edges = np.concatenate((edges, [word.size]))
    bounds = edges.astype(np.int64).reshape(-1, 2).T.copy()  # contiguous, for searchsorted
    return Tokenised(codes, bounds[0], bounds[1], offsets, lengths)


def word_characters(codes: np.ndarray) -> np.ndarray:
    """Whether each code point of the Basic Multilingual Plane is a \\w character."""
    return np.take(_word_table(), codes)


def token_set(mid2: Sequence[int], fragments: Sequence[Sequence[int]]) -> TokenSet:
    """The token index ranges of a span, given the text's doubled token midpoints."""
    if len(fragments) == 1:
        start, end = fragments[0]
        lo, hi = bisect_left(mid2, 2 * start), bisect_left(mid2, 2 * end)
        return ((lo, hi),) if lo < hi else ()
    ranges = []
    for start, end in fragments:
        lo = bisect_left(mid2, 2 * start)
        hi = bisect_left(mid2, 2 * end)
        if lo < hi:
            ranges.append((lo, hi))
    if len(ranges) < 2:
        return tuple(ranges)
    ranges.sort()
    merged = [ranges[0]]
    for lo, hi in ranges[1:]:
        if lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def size(tokens_: TokenSet) -> int:
    if len(tokens_) == 1:
        return tokens_[0][1] - tokens_[0][0]
    return sum(hi - lo for lo, hi in tokens_)


def overlap(a: TokenSet, b: TokenSet) -> int:
    """|a ∩ b| by merging the two range lists."""
    if len(a) == 1 and len(b) == 1:
        return max(0, min(a[0][1], b[0][1]) - max(a[0][0], b[0][0]))
    total = i = j = 0
    while i < len(a) and j < len(b):
        (alo, ahi), (blo, bhi) = a[i], b[j]
        total += max(0, min(ahi, bhi) - max(alo, blo))
        if ahi <= bhi:
            i += 1
        else:
            j += 1
    return total


def span_text(text: str, fragments: Sequence[Sequence[int]]) -> str:
    """A span's text: its fragments joined by one space (how names are read off mentions)."""
    if len(fragments) == 1:
        return text[fragments[0][0] : fragments[0][1]]
    return " ".join(text[start:end] for start, end in fragments)


_BMP = 0x10000


@cache
def _word_table() -> np.ndarray:
    """For every code point of the Basic Multilingual Plane: is it a \\w character?"""
    table = np.zeros(_BMP, dtype=bool)
    for match in WORD.finditer("".join(map(chr, range(_BMP)))):
        table[match.start() : match.end()] = True
    return table


def _is_word(code: int) -> bool:
    return WORD.fullmatch(chr(code)) is not None
