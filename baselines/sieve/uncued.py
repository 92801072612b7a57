"""Sieve 3: quotes with no cue of their own.

A quote that opens a sentence right after a direct quote of the same paragraph continues it
(`“A,” he said. “B.”` and `“A,” he said, “B.”` are one attribution); one that opens a sentence
elsewhere gets the previous speaker. Quoted words inside a sentence with no cue are scare
quotes or titles and are dropped.
"""

from __future__ import annotations

from baselines.sieve.lexicon import MIN_QUOTE_WORDS
from baselines.sieve.speakers import previous_speaker
from baselines.sieve.state import Cascade, Found
from baselines.sieve.syntax import token_ranges
from baselines.text import Analysis


def uncued_quotes(cascade: Cascade) -> None:
    """Attach each quotation still unowned to the attribution before it, or drop it."""
    a = cascade.a
    for q_index, quotation in enumerate(a.quotations):
        if q_index in cascade.owner:
            continue
        first = a.first_token_at(quotation.start)
        last = a.first_token_at(quotation.end) - 1
        if last < first or sum(a.is_word[t] for t in range(first, last + 1)) < MIN_QUOTE_WORDS:
            continue
        s_start, _ = a.sentence_of(first)
        previous = _previous_in_paragraph(cascade, first)
        if first != s_start and not _resumes(a, previous, first):
            continue  # quoted words inside a sentence without a cue: scare quotes, titles
        fragments = token_ranges(a, quotation.fragments)
        if previous is not None and previous.direct:
            previous.quote.extend(fragments)
            previous.quotations.append(q_index)
            cascade.owner[q_index] = previous
        else:
            source = previous or previous_speaker(cascade, first)
            if source is not None and source.speaker:
                cascade.add(Found(fragments, None, source.speaker, [q_index], direct=True))


def _resumes(a: Analysis, previous: Found | None, first: int) -> bool:
    """`“A,” he said, “B.”`: a quote right after the cue that interrupted the previous one."""
    if previous is None or not previous.direct or previous.cue is None or a.texts[first - 1] != ",":
        return False
    return (
        previous.quote[-1][1] < previous.cue < first
        and a.sentence[previous.cue] == a.sentence[first]
    )


def _previous_in_paragraph(cascade: Cascade, token: int) -> Found | None:
    para = cascade.a.paragraph[token]
    before = [
        f
        for f in cascade.found
        if f.quote[0][0] < token and cascade.a.paragraph[f.quote[-1][1]] == para
    ]
    return max(before, key=lambda f: f.quote[-1][1], default=None)
