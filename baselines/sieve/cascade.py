"""The order of the sieves: each only takes what the earlier ones left."""

from __future__ import annotations

from baselines.sieve.direct import direct_quotes
from baselines.sieve.indirect import indirect_speech
from baselines.sieve.lines import speaker_lines
from baselines.sieve.state import Cascade, Found
from baselines.sieve.uncued import uncued_quotes
from baselines.text import Analysis


def run(text: str | Analysis) -> Cascade:
    """Every sieve over one article (its text, or the text's analysis when one is at hand),
    then overlaps resolved in favour of the earlier sieve."""
    cascade = Cascade(text if isinstance(text, Analysis) else Analysis(text))
    speaker_lines(cascade)
    direct_quotes(cascade)
    indirect_speech(cascade)
    uncued_quotes(cascade)
    _drop_overlaps(cascade)
    return cascade


def _drop_overlaps(cascade: Cascade) -> None:
    """Keep the earlier-found (more reliable) of two attributions that share tokens."""
    kept: list[Found] = []
    taken: set[int] = set()
    for found in cascade.found:
        tokens = {t for s, e in found.quote for t in range(s, e + 1)}
        if tokens & taken:
            continue
        kept.append(found)
        taken |= tokens
    cascade.found = kept
