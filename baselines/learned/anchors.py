"""Speaker mentions for entity-only gold, so the speaker ranker can learn from it.

Fiction corpora (PDNC, LitBank) name a quote's speaker as an entity, with no mention span. The
ranker learns from mention spans, so for training only, each such attribution gets as its
speaker the occurrence of one of the entity's names nearest to the quote (between its
fragments first), outside every quote and within ANCHOR_WINDOW characters. An attribution with
no such occurrence keeps no span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from benchmark.documents import Attribution, Document

ANCHOR_WINDOW = 400


def anchored(docs: Sequence[Document]) -> list[Document]:
    """The documents with entity-only speakers anchored to a nearby name (others unchanged)."""
    return [_anchored(doc) for doc in docs]


def _anchored(doc: Document) -> Document:
    if not any(a.speaker is None and a.speaker_id for a in doc.attributions):
        return doc
    names = {s.id: _pattern([s.name, *s.aliases]) for s in doc.speakers}
    quoted = sorted((start, end) for a in doc.attributions for start, end in a.quote)
    attributions = [_anchor(doc.text, att, names, quoted) for att in doc.attributions]
    return doc.model_copy(update={"attributions": attributions})


def _anchor(
    text: str, att: Attribution, names: dict[str, re.Pattern[str] | None], quoted: list
) -> Attribution:
    pattern = names.get(att.speaker_id or "")
    if att.speaker is not None or pattern is None:
        return att
    start, end = att.quote[0][0], att.quote[-1][1]
    lo, hi = max(0, start - ANCHOR_WINDOW), min(len(text), end + ANCHOR_WINDOW)
    best: tuple[int, int, int] | None = None
    for match in pattern.finditer(text, lo, hi):
        a, b = match.span()
        if any(qa < b and a < qb for qa, qb in quoted):
            continue
        # between two fragments ("A," said Mr. Gradgrind, "B.") is as near as a name gets
        distance = start - b if b <= start else a - end if a >= end else 0
        if best is None or distance < best[0]:
            best = (distance, a, b)
    if best is None:
        return att
    return att.model_copy(update={"speaker": [(best[1], best[2])]})


def _pattern(names: Sequence[str]) -> re.Pattern[str] | None:
    words = sorted({n.strip() for n in names if len(n.strip()) > 1}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
