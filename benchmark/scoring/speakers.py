"""Whether a predicted speaker is correct for a gold attribution (docs/scoring.md, "Speaker correct").

1. Gold speaker null: correct iff the prediction gives neither a speaker span nor a name.
2. Else correct if the predicted speaker span shares a token with the gold speaker span.
3. Else by name: the predicted name (speaker_name, else the predicted span's text) normalised
   equals a normalised gold name (mention text, entity name, aliases), or the gold name has two
   or more tokens, does not end in a pronoun, and ends in the predicted name's last token.
   A name made of pronouns only ("he", "his") never matches by name: a pronoun mention is
   matched through its tokens (rule 2) or through its entity's names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from benchmark.documents import Attribution, Document, PredictedAttribution
from benchmark.scoring.mentions import PRONOUNS
from benchmark.scoring.tokens import WORD, TokenSet, overlap, span_text, token_set

Name = tuple[str, ...]
LEADING_ARTICLES = frozenset({"the", "a", "an"})


class GoldSpeaker(NamedTuple):
    tokens: TokenSet | None
    """Tokens of the gold speaker mention; None when the gold has no speaker."""
    mention: str = ""
    """The mention's text (fragments joined by one space)."""
    entity: frozenset[Name] = frozenset()
    """Normalised name and aliases of the speaker entity, when the gold has a speaker_id."""


class PredictedSpeaker(NamedTuple):
    tokens: TokenSet | None
    """Tokens of the predicted speaker span; None when the prediction gives no span."""
    name: str | None
    """speaker_name, else the span's text; None when the prediction gives neither."""


def speaker_correct(gold: GoldSpeaker, pred: PredictedSpeaker) -> bool:
    if gold.tokens is None:
        return pred.name is None
    if pred.tokens is not None and overlap(pred.tokens, gold.tokens) > 0:
        return True
    if pred.name is None:
        return False
    name = normalise_name(pred.name)
    names, last_tokens = gold_names(gold.mention, gold.entity)
    return name in names or bool(name) and name[-1] in last_tokens


@lru_cache(maxsize=1 << 14)
def normalise_name(name: str) -> Name:
    """Casefolded \\w+ tokens, without one leading "the", "a" or "an"."""
    words = [w.casefold() for w in WORD.findall(name)]
    if words and words[0] in LEADING_ARTICLES:
        del words[0]
    return tuple(words)


def pronouns_only(name: Name) -> bool:
    return bool(name) and all(token in PRONOUNS for token in name)


def gold_speaker(
    text: str, mid2: Sequence[int], att: Attribution, entities: Mapping[str, frozenset[Name]]
) -> GoldSpeaker:
    if att.speaker is None:
        return GoldSpeaker(None)
    entity = frozenset() if att.speaker_id is None else entities.get(att.speaker_id, frozenset())
    return GoldSpeaker(token_set(mid2, att.speaker), span_text(text, att.speaker), entity)


@lru_cache(maxsize=1 << 14)  # mentions and entities repeat across an article's quotes
def gold_names(mention: str, entity: frozenset[Name]) -> tuple[frozenset[Name], frozenset[str]]:
    """The normalised names of a gold speaker (mention text, entity name and aliases; never
    names made only of pronouns) and the last tokens eligible for the same-last-token rule."""
    names = frozenset(n for n in entity | {normalise_name(mention)} if not pronouns_only(n))
    last = frozenset(n[-1] for n in names if len(n) >= 2 and n[-1] not in PRONOUNS)
    return names, last


def predicted_speaker(
    text: str, mid2: Sequence[int], att: PredictedAttribution
) -> PredictedSpeaker:
    if att.speaker is None:
        return PredictedSpeaker(None, att.speaker_name)
    name = att.speaker_name if att.speaker_name is not None else span_text(text, att.speaker)
    return PredictedSpeaker(token_set(mid2, att.speaker), name)


def entity_names(doc: Document) -> dict[str, frozenset[Name]]:
    """Normalised name and aliases of every speaker entity of a document, by entity id."""
    return {s.id: frozenset(normalise_name(n) for n in (s.name, *s.aliases)) for s in doc.speakers}
