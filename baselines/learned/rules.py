"""The rule baseline's speaker for each quote, as evidence for the ranker: `sieve` is precise
where a cue names the speaker, and a trained ranker can learn when to trust it."""

from __future__ import annotations

from collections.abc import Sequence

from baselines.learned.features import Layout
from baselines.sieve import output

TokenSpan = tuple[int, int]


def sieve_speakers(lay: Layout, quotes: Sequence[Sequence[TokenSpan]]) -> list[list[TokenSpan]]:
    """For each quote (token ranges of `lay`), the token ranges of the sieve's speaker (none
    when the sieve gives no speaker)."""
    fragments = [[lay.char_span(lo, hi) for lo, hi in quote] for quote in quotes]
    answers = output.attribute(lay.sieve, fragments)
    return [
        [r for r in (lay.token_range(s, e) for s, e in answer.speaker or ()) if r[0] < r[1]]
        for answer in answers
    ]
