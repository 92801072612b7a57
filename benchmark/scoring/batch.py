"""A batch of articles and their predictions as flat arrays, the form the scorer computes on.

The gold attributions of all the batch's articles are numbered in article order, and so are the
predicted ones; every quote and speaker span becomes a row of a SpanTable over the batch's
tokens. Reading the models' fields happens here, once per attribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter, is_not

import numpy as np

from benchmark.documents import Attribution, Document, PredictedAttribution
from benchmark.scoring.spans import SpanTable
from benchmark.scoring.tokens import Tokenised, tokenise


@dataclass(frozen=True)
class Batch:
    docs: Sequence[Document]
    texts: list[str]
    tokens: Tokenised
    gold: list[Attribution]
    gold_article: np.ndarray
    """Position in `docs` of each gold attribution's article."""
    gold_count: np.ndarray
    """Gold attributions of each article."""
    gold_quotes: SpanTable
    gold_speakers: SpanTable
    """The speaker mentions of the gold attributions that have one."""
    gold_speaker: np.ndarray
    """Row in `gold_speakers` of each gold attribution's mention; -1 for none."""
    gold_entity_only: np.ndarray
    """Whether each gold attribution's speaker is an entity without a mention."""
    pred: list[PredictedAttribution]
    """The predicted attributions, numbered like the gold ones."""
    pred_article: np.ndarray
    pred_count: np.ndarray
    pred_quotes: SpanTable
    pred_speakers: SpanTable
    pred_speaker: np.ndarray
    pred_names: list[str | None]
    """The speaker_name of each prediction."""
    pred_named: np.ndarray
    """Whether each prediction gives a speaker at all: a span or a speaker_name."""

    @classmethod
    def of(
        cls, docs: Sequence[Document], predicted: Sequence[Sequence[PredictedAttribution]]
    ) -> Batch:
        """`predicted[i]`: the predictions for `docs[i]`."""
        texts = [doc.text for doc in docs]
        tokens = tokenise(texts)
        gold = list(chain.from_iterable(doc.attributions for doc in docs))
        gold_count = _lengths([doc.attributions for doc in docs])
        gold_article = np.repeat(np.arange(len(docs)), gold_count)
        gold_speakers, gold_speaker = _optional_spans(
            list(map(_speaker, gold)), gold_article, tokens
        )
        entity_only = (gold_speaker < 0) & _given(list(map(_speaker_id, gold)))
        pred = list(chain.from_iterable(predicted))
        pred_count = _lengths(predicted)
        pred_article = np.repeat(np.arange(len(docs)), pred_count)
        pred_speakers, pred_speaker = _optional_spans(
            list(map(_speaker, pred)), pred_article, tokens
        )
        names = list(map(_speaker_name, pred))
        return cls(
            docs,
            texts,
            tokens,
            gold,
            gold_article,
            gold_count,
            SpanTable.of_fragments(list(map(_quote, gold)), gold_article, tokens),
            gold_speakers,
            gold_speaker,
            entity_only,
            pred,
            pred_article,
            pred_count,
            SpanTable.of_fragments(list(map(_quote, pred)), pred_article, tokens),
            pred_speakers,
            pred_speaker,
            names,
            _given(names) | (pred_speaker >= 0),
        )


def _optional_spans(
    spans: list[Sequence[Sequence[int]] | None], article: np.ndarray, tokens: Tokenised
) -> tuple[SpanTable, np.ndarray]:
    """The table of the spans that are not None, and each span's row in it (-1 for None)."""
    given = _given(spans)
    row = np.where(given, np.cumsum(given) - 1, -1)
    table = SpanTable.of_fragments([s for s in spans if s is not None], article[given], tokens)
    return table, row


def _given(values: list[object]) -> np.ndarray:
    """Whether each value is not None."""
    return np.fromiter(map(is_not, values, repeat(None)), bool, len(values))


_quote, _speaker = attrgetter("quote"), attrgetter("speaker")
_speaker_id, _speaker_name = attrgetter("speaker_id"), attrgetter("speaker_name")
"""Fields read off every attribution (map with these runs no Python code per attribution)."""


def _lengths(lists: Sequence[Sequence[object]]) -> np.ndarray:
    return np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
