"""Sieve 0: speaker lines, a paragraph opening with a short name and a colon (a headline like
`Volkov: We will not slow down`, a transcript's `MATTHEWS: ...`)."""

from __future__ import annotations

from baselines.sieve.lexicon import MIN_QUOTE_WORDS
from baselines.sieve.state import Cascade, Found
from baselines.text import NOT_NAMES

# capitalised words before a colon that label a paragraph rather than name a speaker
LABELS = frozenset(
    "correction update updated editor note watch read related photo video source sources huffpollster".split()
)


def speaker_lines(cascade: Cascade) -> None:
    """`Name: words` opening a paragraph: the words are the name's, with no cue."""
    a = cascade.a
    for p_start, p_end in a.paragraph_spans:
        start, end = a.first_token_at(p_start), a.first_token_at(p_end)
        colon = next((i for i in range(start, min(end, start + 5)) if a.texts[i] == ":"), None)
        if colon is None or colon == start or colon + 1 >= end or a.in_quote(colon + 1):
            continue
        if (
            not all(a.is_cap[i] and a.is_word[i] for i in range(start, colon))
            or a.lowers[start] in NOT_NAMES
        ):
            continue
        if colon - start > 3 or a.lowers[start] in LABELS:
            continue
        last = end - 1
        while last > colon and not a.is_word[last] and not a.is_mark(last):
            last -= 1
        if last - colon >= MIN_QUOTE_WORDS:
            cascade.add(Found([(colon + 1, last)], None, [(start, colon - 1)], [], direct=False))
