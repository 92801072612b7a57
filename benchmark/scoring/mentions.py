"""Speaker mention kinds (name / nominal / pronoun / none), shared by slices and `data stats`.

- none: the attribution has no speaker mention (and no speaker entity: no source);
- entity-only: no mention, but a speaker entity (`speaker` null, `speaker_id` set);
- pronoun: the mention has tokens and every one is a pronoun of `PRONOUNS` ("he", "They");
- name: some token, after skipping one leading determiner, starts with an uppercase letter
  ("Putin", "the Defence Ministry");
- nominal: anything else ("the spokesman", "a senior official").

`mention_kind` reads one mention's text; `mention_kinds` gives the same answer for many
mentions at once from the tokenised texts. SPEAKER_KINDS are the mention kinds plus
entity-only, the kinds an attribution's speaker can have (`speaker_kind`).
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import numpy as np

from benchmark.scoring.spans import SpanTable, ranks
from benchmark.scoring.tokens import WORD, Tokenised, span_text

MentionKind = Literal["name", "nominal", "pronoun", "none"]
MENTION_KINDS: tuple[MentionKind, ...] = ("name", "nominal", "pronoun", "none")
NAME, NOMINAL, PRONOUN, NONE = range(4)
"""Positions in MENTION_KINDS."""
SpeakerKind = Literal[MentionKind, "entity-only"]
SPEAKER_KINDS: tuple[SpeakerKind, ...] = (*MENTION_KINDS, "entity-only")
ENTITY_ONLY = SPEAKER_KINDS.index("entity-only")
"""Positions in SPEAKER_KINDS: those of MENTION_KINDS, then ENTITY_ONLY."""

PRONOUNS = frozenset(
    {"i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them"}
    | {"his", "hers", "their", "its", "our", "my"}
)
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "another"})


def mention_kind(text: str | None) -> MentionKind:
    if text is None:
        return "none"
    words = WORD.findall(text)
    if words and all(w.casefold() in PRONOUNS for w in words):
        return "pronoun"
    if words and words[0].casefold() in DETERMINERS:
        words = words[1:]
    if any(w[0].isupper() for w in words):
        return "name"
    return "nominal"


def speaker_kind(mention: str | None, speaker_id: str | None) -> SpeakerKind:
    """The kind of an attribution's speaker: its mention's kind (the mention's text, None for
    no mention), or entity-only when there is no mention but a speaker entity."""
    return "entity-only" if mention is None and speaker_id is not None else mention_kind(mention)


def mention_kinds(
    mentions: SpanTable, article: np.ndarray, tokens: Tokenised, texts: list[str]
) -> np.ndarray:
    """The kind (a position in MENTION_KINDS) of each mention; `article[i]` is the position of
    mention i's text in `texts`, tokenised as `tokens`.

    The words of a mention are its tokens cut at its fragments' ends. Pronouns and determiners
    are short ASCII words, so a word is compared by its first _SHORT characters packed in an
    integer; a mention with a short non-ASCII word (whose casefolding may differ from
    lowercasing) or a negative offset (which Python slicing reads differently) is read as text.
    """
    bounds = np.clip(mentions.chars, 0, tokens.lengths[np.repeat(article, mentions.count), None])
    bounds += tokens.offsets[np.repeat(article, mentions.count), None]
    a, b = bounds[:, 0], bounds[:, 1]
    owner = np.repeat(np.arange(len(mentions)), mentions.count)
    first = np.searchsorted(tokens.ends, a, side="right")
    last = np.searchsorted(tokens.starts, b)
    n_words = np.where(a < b, np.maximum(last - first, 0), 0)
    fragment = np.repeat(np.arange(len(a)), n_words)
    token = first[fragment] + ranks(n_words)
    start = np.maximum(tokens.starts[token], a[fragment])
    length = np.minimum(tokens.ends[token], b[fragment]) - start
    mention = owner[fragment]

    packed, non_ascii = _pack(tokens.codes, start, length)
    pronoun_word = np.isin(packed, _packed(PRONOUNS))
    words = np.bincount(mention, minlength=len(mentions))
    pronouns = np.bincount(mention, weights=pronoun_word, minlength=len(mentions))
    kind = np.full(len(mentions), NOMINAL, dtype=np.int64)
    upper = _upper_table()[np.minimum(tokens.codes[start], _BMP - 1)]
    upper &= tokens.codes[start] < _BMP
    first_word = np.zeros(len(start), dtype=bool)
    first_word[np.cumsum(words)[words > 0] - words[words > 0]] = True
    upper &= ~(first_word & np.isin(packed, _packed(DETERMINERS)))
    kind[np.bincount(mention, weights=upper, minlength=len(mentions)) > 0] = NAME
    kind[(words > 0) & (pronouns == words)] = PRONOUN

    unsure = np.zeros(len(mentions), dtype=bool)
    unsure[mention[non_ascii | (tokens.codes[start] >= _BMP)]] = True
    unsure[owner[(mentions.chars < 0).any(axis=1)]] = True
    for i in np.flatnonzero(unsure).tolist():
        fragments = mentions.chars[mentions.first[i] : mentions.first[i] + mentions.count[i]]
        text = span_text(texts[article[i]], fragments.tolist())
        kind[i] = MENTION_KINDS.index(mention_kind(text))
    return kind


_SHORT = 7
"""Longest pronoun or determiner ("another"); a longer word casefolds to no shorter a word."""
_BMP = 0x10000


def _pack(
    codes: np.ndarray, start: np.ndarray, length: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each word of at most _SHORT characters, ASCII-lowercased, packed 8 bits a character
    (-1 for longer words), and whether a short word has a non-ASCII character.

    A short word's characters fill 8 bytes (zeros after the word), read as one integer."""
    packed = np.full(len(start), -1, dtype=np.int64)
    non_ascii = np.zeros(len(start), dtype=bool)
    short = np.flatnonzero(length <= _SHORT)
    offset = np.arange(8)
    chars = codes[np.minimum(start[short, None] + offset, len(codes) - 1)]
    chars[offset >= length[short, None]] = 0
    non_ascii[short] = (chars >= 128).any(axis=1)
    chars += ((chars - ord("A")) < 26) * chars.dtype.type(0x20)  # A-Z wrap to nothing else
    packed[short] = chars.astype(np.uint8).view("<i8").reshape(-1)
    return packed, non_ascii


@cache
def _packed(words: frozenset[str]) -> np.ndarray:
    return np.array([sum(ord(c) << (8 * k) for k, c in enumerate(w)) for w in sorted(words)])


@cache
def _upper_table() -> np.ndarray:
    """For every code point of the Basic Multilingual Plane: is it uppercase?"""
    return np.array([chr(c).isupper() for c in range(_BMP)], dtype=bool)
