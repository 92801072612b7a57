"""Whether a predicted speaker is correct for a gold attribution (docs/scoring.md, "Speaker correct").

1. Gold speaker null and no speaker entity (no source): correct iff the prediction gives
   neither a speaker span nor a name.
2. Else correct if the predicted speaker span shares a token with the gold speaker span.
3. Else by name: the predicted name (speaker_name, else the predicted span's text) normalised
   equals a normalised gold name (mention text, entity name, aliases), or the gold name has two
   or more tokens, does not end in a pronoun, and ends in the predicted name's last token.
   A name made of pronouns only ("he", "his") never matches by name: a pronoun mention is
   matched through its tokens (rule 2) or through its entity's names.
An entity-only gold speaker (`speaker` null, `speaker_id` set) has no mention: rule 2 never
applies, and its gold names are the entity's name and aliases.

Rules 1 and 2 are decided for all pairs at once on arrays. Rule 3 compares the names of the
pairs that reach it; each distinct name is normalised once (a cache), with plain string code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from operator import eq

import numpy as np

from benchmark.documents import Document
from benchmark.scoring.batch import Batch
from benchmark.scoring.mentions import PRONOUNS
from benchmark.scoring.spans import SpanTable, common_tokens
from benchmark.scoring.tokens import WORD, span_text

Name = tuple[str, ...]
LEADING_ARTICLES = frozenset({"the", "a", "an"})
NAME_CACHE = 1 << 16
"""Distinct names kept normalised: far more than the speakers of any corpus."""


def speaker_correct(batch: Batch, g: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Whether the speaker of prediction p[k] is correct for gold attribution g[k]."""
    gold_row, pred_row = batch.gold_speaker[g], batch.pred_speaker[p]
    entity_only = batch.gold_entity_only[g]
    named = batch.pred_named[p]
    correct = (gold_row < 0) & ~entity_only & ~named
    both = np.flatnonzero((gold_row >= 0) & (pred_row >= 0))
    shared = common_tokens(batch.gold_speakers, gold_row[both], batch.pred_speakers, pred_row[both])
    correct[both] = shared > 0
    by_name = np.flatnonzero(((gold_row >= 0) | entity_only) & named & ~correct)
    correct[by_name] = _by_name(batch, g[by_name], p[by_name])
    return correct


def normalise_name(name: str) -> Name:
    """Casefolded \\w+ tokens, without one leading "the", "a" or "an"."""
    joined = normalised_name(name)
    return tuple(joined.split(" ")) if joined else ()


@lru_cache(maxsize=NAME_CACHE)
def normalised_name(name: str) -> str:
    """The name normalised (as normalise_name), its tokens joined by one space. Casefolding
    maps each character on its own, so casefolding the joined tokens casefolds each token."""
    joined = " ".join(WORD.findall(name)).casefold()
    first, _, rest = joined.partition(" ")
    return rest if first in LEADING_ARTICLES else joined


def normalised(names: Iterable[str]) -> list[str]:
    """Each name normalised (normalised_name)."""
    return list(map(normalised_name, names))


def name_matches(name: str, gold_names: Iterable[str]) -> bool:
    """Rule 3 on normalised names (tokens joined by one space): equal to a gold name that is
    not made only of pronouns, or ending in the last token of a gold name of two or more tokens
    that does not end in a pronoun."""
    last = name.rpartition(" ")[2]
    for gold in gold_names:
        if name == gold:
            if not pronouns_only(gold):
                return True
        elif name and " " in gold:
            gold_last = gold.rpartition(" ")[2]
            if gold_last == last and gold_last not in PRONOUNS:
                return True
    return False


def pronouns_only(name: str) -> bool:
    return bool(name) and all(token in PRONOUNS for token in name.split(" "))


def entity_names(doc: Document) -> dict[str, tuple[str, ...]]:
    """Normalised name and aliases of every speaker entity of a document, by entity id."""
    return {s.id: tuple(normalised([s.name, *s.aliases])) for s in doc.speakers}


def _by_name(batch: Batch, g: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Rule 3 for pairs whose gold has a speaker (a mention or an entity) and whose prediction
    gives a name."""
    golds, g_pair = np.unique(g, return_inverse=True)
    preds, p_pair = np.unique(p, return_inverse=True)
    pred_names = normalised(_predicted_names(batch, preds))
    pred_last = list(map(_last_token, pred_names))
    articles, rows = batch.gold_article[golds], batch.gold_speaker[golds]
    mentioned = np.flatnonzero(rows >= 0)
    mentions = _span_texts(batch, batch.gold_speakers, rows[mentioned], articles[mentioned])
    # an entity-only gold has no mention name: None equals no name and ends like none
    equal: list[str | None] = [None] * len(golds)
    ends: list[str | None] = [None] * len(golds)
    for k, (name, last) in zip(mentioned.tolist(), map(_gold_name, mentions), strict=True):
        equal[k], ends[k] = name, last
    p_list, g_list = p_pair.tolist(), g_pair.tolist()
    correct = _equal(map(pred_names.__getitem__, p_list), map(equal.__getitem__, g_list))
    correct |= _equal(map(pred_last.__getitem__, p_list), map(ends.__getitem__, g_list))
    entities = _entity_names(batch, golds, articles)
    if entities:
        for k in np.flatnonzero(np.isin(g_pair, list(entities))).tolist():
            correct[k] |= name_matches(pred_names[p_pair[k]], entities[g_pair[k]])
    return correct


@lru_cache(maxsize=NAME_CACHE)
def _gold_name(mention: str) -> tuple[str | None, str | None]:
    """What rule 3 compares of a gold mention's text: its normalised name, None when that is
    made only of pronouns (never equalled), and its last token when a name can end in it (two
    or more tokens, the last no pronoun), else None."""
    name = normalised_name(mention)
    last = _last_token(name)
    ends = last if " " in name and last not in PRONOUNS else None
    return (None if last in PRONOUNS and pronouns_only(name) else name), ends


def _last_token(name: str) -> str:
    return name.rpartition(" ")[2]


def _equal(a: Iterable[str], b: Iterable[str | None]) -> np.ndarray:
    """a[k] == b[k] for each k, compared without Python code per element."""
    return np.fromiter(map(eq, a, b), dtype=bool)


def _predicted_names(batch: Batch, p: np.ndarray) -> list[str]:
    """speaker_name, else the text of the speaker span, of predictions that give either."""
    given = [batch.pred_names[i] for i in p.tolist()]
    from_span = [k for k, name in enumerate(given) if name is None]
    rows, articles = batch.pred_speaker[p[from_span]], batch.pred_article[p[from_span]]
    names = [name or "" for name in given]
    texts = _span_texts(batch, batch.pred_speakers, rows, articles)
    for k, text in zip(from_span, texts, strict=True):
        names[k] = text
    return names


def _entity_names(batch: Batch, g: np.ndarray, articles: np.ndarray) -> dict[int, tuple[str, ...]]:
    """The normalised entity name and aliases of the gold attributions g[k] that have a
    speaker_id, by k."""
    out: dict[int, tuple[str, ...]] = {}
    entities: dict[int, dict[str, tuple[str, ...]]] = {}
    has_entities = np.array([bool(doc.speakers) for doc in batch.docs], dtype=bool)
    for k in np.flatnonzero(has_entities[articles]).tolist():
        speaker_id, article = batch.gold[g[k]].speaker_id, int(articles[k])
        if speaker_id is not None:
            if article not in entities:
                entities[article] = entity_names(batch.docs[article])
            out[k] = entities[article].get(speaker_id, ())
    return out


def _span_texts(
    batch: Batch, table: SpanTable, rows: np.ndarray, articles: np.ndarray
) -> list[str]:
    """The text of spans (fragments joined by one space), read off the table's characters."""
    first = table.first[rows]
    start, end = table.chars[first, 0].tolist(), table.chars[first, 1].tolist()
    texts = batch.texts
    out = [texts[t][a:b] for t, a, b in zip(articles.tolist(), start, end, strict=True)]
    for k in np.flatnonzero(table.count[rows] > 1).tolist():
        fragments = table.chars[first[k] : first[k] + table.count[rows[k]]].tolist()
        out[k] = span_text(texts[articles[k]], fragments)
    return out
