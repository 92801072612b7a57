"""Candidate speaker mentions: capitalised names, pronouns (relative ones included), and nominal
phrases headed by a word that ends gold speakers in the training data ("officials", "a source").

Candidates are generous on purpose: the ranker decides, and a speaker is right when it shares a
token with the gold mention, so a candidate only has to cover the head word.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from baselines.learned.features import CUE_THRESHOLD, Layout
from baselines.learned.lexicon import Lexicon
from baselines.text import (
    ABBREVIATIONS,
    DETERMINERS,
    NOT_NAMES,
    OBJECT_PRONOUNS,
    POSSESSIVE_DETERMINERS,
    PRONOUNS,
)

NAME, PRONOUN, NOMINAL, RELATIVE = 0, 1, 2, 3
RELATIVES = frozenset(("who", "which", "that"))
PERSONAL = (PRONOUNS | OBJECT_PRONOUNS | POSSESSIVE_DETERMINERS) - RELATIVES
_LOWER_STARTS = PERSONAL | RELATIVES
NAME_STARTS = NOT_NAMES - frozenset(("mr", "mrs", "ms", "dr"))
NOMINAL_DETERMINERS = DETERMINERS | frozenset("another many most several other two three".split())
CONNECTORS = frozenset(("of", "for", "de", "van", "von", "al", "bin"))


@dataclass(frozen=True)
class Mention:
    lo: int
    hi: int
    """Token range [lo, hi) of the mention."""
    kind: int
    head: int
    """Index of the head token (the last word)."""


def find_mentions(lay: Layout, lexicon: Lexicon, cue: np.ndarray) -> list[Mention]:
    """Every candidate mention of an article, in text order, never overlapping; `cue` is each
    token's cue probability (a relative "that" needs a cue right after it)."""
    words, lower = lay.words, lay.lower
    heads = lexicon.speaker_heads
    headings = lay.analysis.headings
    found: list[Mention] = []
    end = 0  # tokens before `end` belong to a name already found
    starts = (
        i
        for i, (w, low) in enumerate(zip(words, lower, strict=True))
        if w[0].isupper() or low in _LOWER_STARTS or low in heads
    )
    for i in starts:
        if i < end or headings[lay.paragraph[i]]:  # "CHAPTER VIII" names nobody
            continue
        word, low = words[i], lower[i]
        capitalised = _capitalised(word)
        common = capitalised and _sentence_word(lay, lexicon, i)
        if capitalised and low not in NAME_STARTS and not common:
            end = _name_end(words, lower, i, lay.paragraph)
            found.append(Mention(i, end, NAME, _last_word(words, i, end)))
        elif low in PERSONAL:
            found.append(Mention(i, i + 1, PRONOUN, i))
        elif low in RELATIVES and (
            low != "that" or cue[i + 1 : i + 3].max(initial=0.0) >= CUE_THRESHOLD
        ):
            found.append(Mention(i, i + 1, RELATIVE, i))
        elif (word.islower() or common) and low in heads:
            lo = i
            if lo >= 1 and lower[lo - 1] in NOMINAL_DETERMINERS:
                lo -= 1
            elif lo >= 2 and lower[lo - 2] in NOMINAL_DETERMINERS and words[lo - 1].isalpha():
                lo -= 2
            found.append(Mention(max(lo, found[-1].hi if found else 0), i + 1, NOMINAL, i))
    return found


def _sentence_word(lay: Layout, lexicon: Lexicon, i: int) -> bool:
    """A capitalised word opening a sentence that is usually written in lower case ("Then")."""
    opens = i == 0 or lay.sentence[i - 1] != lay.sentence[i] or lay.mark[i - 1] == 1
    next_capitalised = i + 1 < len(lay) and _capitalised(lay.words[i + 1])
    return opens and not next_capitalised and lay.lower[i] in lexicon.common


def _capitalised(word: str) -> bool:
    return word[0].isupper() and word[0].isalpha()


def _name_end(words: list[str], lower: list[str], i: int, paragraph: np.ndarray) -> int:
    """End of a run of capitalised words, through initials, abbreviations' dots and "of", within
    the paragraph of word `i`."""
    n = int(np.searchsorted(paragraph, paragraph[i], side="right"))
    j = i + 1
    while j < n:
        dot = words[j] == "." and (lower[j - 1] in ABBREVIATIONS or len(words[j - 1]) == 1)
        if _capitalised(words[j]) or dot:
            j += 1
        elif lower[j] in CONNECTORS and j + 1 < n and _capitalised(words[j + 1]):
            j += 2
        else:
            break
    while j > i + 1 and not words[j - 1][0].isalnum():
        j -= 1
    return j


def _last_word(words: list[str], lo: int, hi: int) -> int:
    for k in range(hi - 1, lo - 1, -1):
        if words[k][0].isalnum():
            return k
    return lo
