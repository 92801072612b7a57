"""The counts of every article of a batch, and their shares by slice of the gold quotes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from benchmark.documents import QUOTE_TYPES
from benchmark.scoring.batch import Batch
from benchmark.scoring.matching import matching_sizes, overlapping_pairs, quote_criteria
from benchmark.scoring.mentions import ENTITY_ONLY, NONE, SPEAKER_KINDS, mention_kinds
from benchmark.scoring.spans import SpanTable, same_fragments
from benchmark.scoring.speakers import speaker_correct

COUNT_KEYS = ("n_gold", "n_pred", "exact", "lenient", "e2e")
ATTRIBUTION_KEYS = (*COUNT_KEYS, "attr_correct")
SLICED = ("lenient", "e2e", "attr_correct")
"""The counts that slices break down."""
_TYPE = {t: i for i, t in enumerate(QUOTE_TYPES)}


@dataclass(frozen=True)
class BatchScore:
    counts: dict[str, np.ndarray]
    """Each count key of COUNT_KEYS (and "attr_correct" on the attribution track), per article."""
    slices: dict[str, dict[str, np.ndarray]]
    """{"type" | "speaker_kind" | other: {"n_gold" | sliced count key: total per value}},
    values numbered as in QUOTE_TYPES and SPEAKER_KINDS, or as the caller's groupings."""


Grouping = tuple[np.ndarray, int]
"""A group number for each gold attribution of a batch, and how many groups there are."""


def score_batch(
    batch: Batch, *, attribution: bool = False, groupings: Mapping[str, Grouping] | None = None
) -> BatchScore:
    """Counts of a batch's articles: maximum matchings on each count's allowed pairs, overall
    and by slice (type, speaker kind, and the caller's `groupings` of the gold attributions).

    Allowed pairs: exact (Dice = 1) and lenient (Dice >= 0.5) among the pairs whose quotes share
    an extent; e2e, the lenient ones with a correct speaker; on the attribution track,
    attr_correct, the pairs with identical quote fragments and a correct speaker.
    """
    g, p = overlapping_pairs(batch.gold_quotes, batch.pred_quotes)
    exact, lenient = quote_criteria(batch.gold_quotes, batch.pred_quotes, g, p)
    pairs = {"exact": (g[exact], p[exact]), "lenient": (g[lenient], p[lenient])}
    pairs["e2e"] = _kept(batch, *pairs["lenient"])
    if attribution:
        pairs["attr_correct"] = _kept(batch, *_same_quotes(batch, g, p))

    groupings = {
        "type": (_types(batch), len(QUOTE_TYPES)),
        "speaker_kind": _kinds(batch),
        **(groupings or {}),
    }
    counts = {"n_gold": batch.gold_count, "n_pred": batch.pred_count}
    slices = {
        dimension: {"n_gold": np.bincount(codes, minlength=n)}
        for dimension, (codes, n) in groupings.items()
    }
    for key, (g, p) in pairs.items():
        sliced = key in SLICED
        by = list(groupings.values()) if sliced else []
        counts[key], by_group = matching_sizes(g, p, batch.gold_article[g], len(batch.docs), by)
        if sliced:
            for dimension, totals in zip(groupings, by_group, strict=True):
                slices[dimension][key] = totals
    return BatchScore(counts, slices)


def _kept(batch: Batch, g: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs whose speaker is correct."""
    keep = speaker_correct(batch, g, p)
    return g[keep], p[keep]


def _types(batch: Batch) -> np.ndarray:
    """Each gold attribution's quote type, a position in QUOTE_TYPES."""
    types = map(_TYPE.__getitem__, map(attrgetter("type"), batch.gold))
    return np.fromiter(types, dtype=np.int64, count=len(batch.gold))


def _kinds(batch: Batch) -> tuple[np.ndarray, int]:
    """Each gold attribution's speaker kind, a position in SPEAKER_KINDS."""
    has = batch.gold_speaker >= 0
    kinds = np.where(batch.gold_entity_only, ENTITY_ONLY, NONE).astype(np.int64)
    kinds[has] = mention_kinds(
        batch.gold_speakers, batch.gold_article[has], batch.tokens, batch.texts
    )
    return kinds, len(SPEAKER_KINDS)


def _same_quotes(batch: Batch, g: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(g, p) whose quotes have identical fragments: among the pairs (g, p) of overlapping
    quotes, plus the identical quotes without a token, which overlap nothing."""
    same = same_fragments(batch.gold_quotes, g, batch.pred_quotes, p)
    empty_gold = np.flatnonzero(batch.gold_quotes.size == 0).tolist()
    empty_pred = np.flatnonzero(batch.pred_quotes.size == 0).tolist()
    golds: dict[tuple[int, tuple[tuple[int, ...], ...]], list[int]] = {}
    for i in empty_gold if empty_pred else ():
        golds.setdefault(_quote_key(batch.gold_quotes, i, batch.gold_article), []).append(i)
    extra = [
        (i, j)
        for j in (empty_pred if golds else ())
        for i in golds.get(_quote_key(batch.pred_quotes, j, batch.pred_article), ())
    ]
    extra_g = np.array([i for i, _ in extra], dtype=np.int64)
    extra_p = np.array([j for _, j in extra], dtype=np.int64)
    return np.concatenate((g[same], extra_g)), np.concatenate((p[same], extra_p))


def _quote_key(
    table: SpanTable, i: int, article: np.ndarray
) -> tuple[int, tuple[tuple[int, ...], ...]]:
    """An article and a quote's fragments as given."""
    fragments = table.chars[table.first[i] : table.first[i] + table.count[i]].tolist()
    return int(article[i]), tuple(map(tuple, fragments))
