"""Speaker entities named from their coreference mentions: the rule both LitBank importers use.

An entity's candidate names come in tiers, best first (proper-name mentions, then nominal
ones, then a fallback); the first tier that has any is used. Within it, `name` is the text
said most often (compared casefolded; ties: more words, then the earliest) and `aliases` are
the other distinct texts in order of first appearance.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from benchmark.documents import Speaker


def name_entity(entity_id: str, tiers: Sequence[Sequence[str]]) -> tuple[Speaker, int]:
    """The entity as a Speaker, and the position of the tier its names come from."""
    for tier, texts in enumerate(tiers):
        names = [" ".join(t.split()) for t in texts if t.strip()]
        if names:
            return Speaker(id=entity_id, **_name_and_aliases(names)), tier
    raise ValueError(f"entity {entity_id!r}: no tier has a name (the last must be a fallback)")


def _name_and_aliases(names: list[str]) -> dict[str, object]:
    counts = Counter(n.casefold() for n in names)
    first: dict[str, tuple[int, str]] = {}
    for position, text in enumerate(names):
        first.setdefault(text.casefold(), (position, text))
    best = min(counts, key=lambda k: (-counts[k], -len(k.split()), first[k][0]))
    others = sorted((first[k] for k in counts if k != best), key=lambda pair: pair[0])
    return {"name": first[best][1], "aliases": [text for _, text in others]}
