"""What the cascade builds for one article: the attributions found so far, and which
quotations and cue words they own, so that each sieve only takes what the earlier ones left."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from baselines.mentions import Mentions
from baselines.text import Analysis

Range = tuple[int, int]  # token indices, inclusive


@dataclass
class Found:
    """One attribution as the rules build it: spans by token index, speaker by tokens."""

    quote: list[Range]
    cue: int | None
    speaker: list[Range] | None
    quotations: list[int]  # indices of the quotations it owns
    direct: bool


@dataclass
class Cascade:
    """The article's analysis and what the sieves have found in it."""

    a: Analysis
    found: list[Found] = field(default_factory=list)
    owner: dict[int, Found] = field(default_factory=dict)  # quotation index -> its attribution
    used_cues: set[int] = field(default_factory=set)

    @cached_property
    def mentions(self) -> Mentions:
        return Mentions(self.a)

    def add(self, found: Found) -> None:
        self.found.append(found)
        for q in found.quotations:
            self.owner[q] = found
        if found.cue is not None:
            self.used_cues.add(found.cue)

    def overlaps_owned(self, first: int, last: int) -> bool:
        """Tokens first..last touch an owned quotation or an attribution already found."""
        a = self.a
        if any(
            a.quotation[t] >= 0 and a.quotation[t] in self.owner for t in range(first, last + 1)
        ):
            return True
        return any(s <= last and first <= e for f in self.found for s, e in f.quote)
