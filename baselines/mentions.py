"""Named mentions in an article, and the resolution of a speaker mention to an entity's name.

Names are runs of capitalised words outside quotations. A speaker mention resolves to a name:
a name stands for the longest name in the article that ends in the same word ("Ravelle" ->
"Mirela Ravelle"); a personal pronoun for the most recent compatible person named before it;
a nominal ("the minister", "the ministry") for the most recent entity described by its head
noun, else the most recent speaker. Anonymous sources ("two officials") resolve to nothing.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from baselines.text import NOT_NAMES, ORGANISATION_WORDS, TITLES, Analysis

FEMALE = frozenset("she her hers herself ms mrs madam lady queen chairwoman spokeswoman".split())
MALE = frozenset("he him his himself mr sir lord king chairman spokesman".split())
NOMINAL_HEADS = TITLES | ORGANISATION_WORDS


@dataclass
class Entity:
    name: str
    organisation: bool
    descriptors: set[str]
    gender: str | None = None


@dataclass(frozen=True)
class Mention:
    first: int  # token indices, inclusive
    last: int
    entity: Entity


class Mentions:
    """Every named mention of an article, in order, grouped into entities by their last word."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.mentions: list[Mention] = []
        self.at_token: dict[int, Mention] = {}
        self.by_last_word: dict[str, Entity] = {}
        self.speaker_at: list[int] = []  # token index of each resolved speaker, sorted
        self.speakers: list[Entity] = []  # their entities, in the same order
        self._collect()
        self.lasts = [m.last for m in self.mentions]  # sorted: mentions never overlap

    def resolve(self, first: int, last: int) -> str | None:
        """The entity name a speaker mention (tokens first..last) stands for, if any."""
        entity = self.entity(first, last)
        if entity is not None:
            k = bisect_right(self.speaker_at, first)
            self.speaker_at.insert(k, first)
            self.speakers.insert(k, entity)
        return entity.name if entity else None

    def entity(self, first: int, last: int) -> Entity | None:
        a = self.analysis
        named = self._named(first, last)
        if named is not None:
            return named.entity
        head = a.lowers[last]
        if head in ("he", "she", "i", "him", "her"):
            return self._recent(first, person=True, gender=_gender(head))
        if head in ("it", "its"):
            return self._recent(first, person=False, gender=None)
        if head in NOMINAL_HEADS and a.lowers[first] in ("the", "this"):
            return self._described(first, head) or self._recent(
                first, person=head not in ORGANISATION_WORDS, gender=None
            )
        return None

    def _named(self, first: int, last: int) -> Mention | None:
        """The first named mention inside tokens first..last."""
        for t in range(first, last + 1):
            mention = self.at_token.get(t)
            if mention is not None:
                return mention
        return None

    # ------------------------------------------------------------------ helpers
    def _collect(self) -> None:
        a = self.analysis
        self.common_words = {w for w, cap in zip(a.lowers, a.is_cap, strict=True) if not cap}
        for first, last in a.capitalised_runs():
            self._add(first, last)

    def _add(self, first: int, last: int) -> None:
        a = self.analysis
        if first == last and a.lowers[first].rstrip(".") in NOT_NAMES:
            return
        words = a.texts[first : last + 1]
        lowered = [w.rstrip(".") for w in a.lowers[first : last + 1]]
        start = 0
        while start < len(words) and (
            lowered[start] in NOT_NAMES or (start == 0 and lowered[0] in self.common_words)
        ):
            start += 1
        # drop titles up to the last title word: "Defence Minister Karel Dunholm" -> "Karel Dunholm"
        titled = [k for k in range(start, len(words) - 1) if lowered[k] in TITLES]
        name_start = titled[-1] + 1 if titled else start
        if name_start >= len(words):
            return
        name_words = words[name_start:]
        organisation = any(w in ORGANISATION_WORDS for w in lowered[start:])
        if organisation:
            name_words = words[start:]
        key = name_words[-1].lower()
        if key.endswith(("’s", "'s")):
            key = key[:-2]
            name_words[-1] = name_words[-1][:-2]
        descriptors = set(lowered[start:name_start]).union(
            a.lowers[max(0, first + start - 3) : first + start]
        )
        entity = self.by_last_word.get(key)
        if entity is None or entity.organisation != organisation:
            entity = Entity(" ".join(name_words), organisation, set())
            self.by_last_word[key] = entity
        elif len(name_words) > len(entity.name.split()):
            entity.name = " ".join(name_words)
        entity.descriptors |= descriptors
        for word in lowered[:name_start]:
            entity.gender = entity.gender or _gender(word)
        mention = Mention(first + start, last, entity)
        self.mentions.append(mention)
        for t in range(mention.first, last + 1):
            self.at_token[t] = mention

    def _recent(self, before: int, *, person: bool, gender: str | None) -> Entity | None:
        for _, entity in self._before(before):
            if entity.organisation == (not person) and (
                gender is None or entity.gender in (None, gender)
            ):
                if gender and entity.gender is None:
                    entity.gender = gender
                return entity
        return None

    def _before(self, before: int) -> Iterator[tuple[int, Entity]]:
        """(token index, entity) of the speakers and named mentions before a token, nearest
        first (a speaker before a mention at the same index): a walk back from `before`, so a
        resolution costs what it reads, never the whole article."""
        k = bisect_left(self.lasts, before)
        mentions = ((self.mentions[i].first, self.mentions[i].entity) for i in range(k - 1, -1, -1))
        j = bisect_left(self.speaker_at, before)
        speakers = ((self.speaker_at[i], self.speakers[i]) for i in range(j - 1, -1, -1))
        return heapq.merge(speakers, mentions, key=lambda c: -c[0])

    def _described(self, before: int, head: str) -> Entity | None:
        for i in range(bisect_left(self.lasts, before) - 1, -1, -1):
            entity = self.mentions[i].entity
            if head in entity.descriptors or head in entity.name.lower().split():
                return entity
        return None


def _gender(word: str) -> str | None:
    if word in FEMALE:
        return "f"
    if word in MALE:
        return "m"
    return None
