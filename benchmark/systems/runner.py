"""Run a system on a dataset: the one place that decides what a system may see of the gold.

Systems receive `Article`s (id, text, meta) and nothing else; on the attribution track they also
receive the gold quote spans, as fresh lists, and nothing else of the gold (no speakers, ids,
cues or types). Their answers are checked before anyone scores them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from benchmark.documents import Article, Document, Prediction, Span
from benchmark.errors import InputError, UsageError
from benchmark.progress import track
from benchmark.systems.external import ExternalSystem
from benchmark.systems.protocol import Attributor
from benchmark.systems.registry import needs_gold_quotes
from benchmark.validation import fragment_problems

Track = Literal["e2e", "attribution"]
TRACKS: tuple[str, ...] = ("e2e", "attribution")
BATCH_ARTICLES = 32


def run_system(
    system: Attributor,
    articles: Sequence[Article | Document],
    track: Track,
    gold_quotes: Sequence[Sequence[list[Span]]] | None = None,
    quiet: bool = False,
) -> list[Prediction]:
    """One checked Prediction per article, in order.

    `articles` may be gold Documents: they are cut down to Articles here. On the attribution
    track `gold_quotes` (one list of quotes per article) defaults to the Documents' quotes.
    """
    if track not in TRACKS:
        raise UsageError(f"unknown track {track!r}; expected one of {', '.join(TRACKS)}")
    visible = [Article.of(a) if isinstance(a, Document) else a for a in articles]
    if track == "e2e":
        if needs_gold_quotes(system):
            raise UsageError(
                f"system {system.name!r} needs the gold quotes: use the attribution track (--gold-quotes)"
            )
        predictions = _predict(system, visible, quiet)
    else:
        quotes = _quotes(articles, gold_quotes)
        predictions = _attribute(system, visible, quotes, quiet)
        for pred, given in zip(predictions, quotes, strict=True):
            _check_answers(system, pred, given)
    _check(system, predictions, visible)
    return predictions


def gold_quotes_of(doc: Document) -> list[list[Span]]:
    """The only part of the gold a system may see on the attribution track."""
    return [[(start, end) for start, end in att.quote] for att in doc.attributions]


def _predict(system: Attributor, articles: list[Article], quiet: bool) -> list[Prediction]:
    if isinstance(system, ExternalSystem):
        return system.run(articles, None, quiet=quiet)
    starts = range(0, len(articles), BATCH_ARTICLES)
    predictions: list[Prediction] = []
    for start in track(starts, f"{system.name}", total=len(starts), quiet=quiet):
        predictions += system.predict(articles[start : start + BATCH_ARTICLES])
    return predictions


def _attribute(
    system: Attributor, articles: list[Article], quotes: list[list[list[Span]]], quiet: bool
) -> list[Prediction]:
    if isinstance(system, ExternalSystem):
        return system.run(articles, quotes, quiet=quiet)
    pairs = track(
        zip(articles, quotes, strict=True),
        f"{system.name} (gold quotes)",
        total=len(articles),
        quiet=quiet,
    )
    return [
        Prediction(id=a.id, attributions=system.attribute(a, [list(q) for q in given]))
        for a, given in pairs
    ]


def _quotes(
    articles: Sequence[Article | Document], gold_quotes: Sequence[Sequence[list[Span]]] | None
) -> list[list[list[Span]]]:
    if gold_quotes is None:
        if not all(isinstance(a, Document) for a in articles):
            raise UsageError(
                "the attribution track needs the gold quotes (gold_quotes or Documents)"
            )
        return [gold_quotes_of(a) for a in articles if isinstance(a, Document)]
    if len(gold_quotes) != len(articles):
        raise UsageError(f"gold_quotes has {len(gold_quotes)} entries for {len(articles)} articles")
    return [[[(s, e) for s, e in quote] for quote in quotes] for quotes in gold_quotes]


def _check(system: Attributor, predictions: list[Prediction], articles: list[Article]) -> None:
    where = f"system {system.name}"
    if len(predictions) != len(articles):
        raise InputError(
            where,
            None,
            None,
            f"returned {len(predictions)} predictions for {len(articles)} articles",
        )
    for pred, article in zip(predictions, articles, strict=True):
        if pred.id != article.id:
            raise InputError(
                where, None, "id", f"prediction for {pred.id!r} where {article.id!r} was expected"
            )
        for i, att in enumerate(pred.attributions):
            for name in ("quote", "speaker", "cue"):
                for field, message in fragment_problems(
                    getattr(att, name), len(article.text), f"attributions.{i}.{name}"
                ):
                    raise InputError(where, None, f"{article.id}: {field}", message)


def _check_answers(system: Attributor, pred: Prediction, given: list[list[Span]]) -> None:
    answered = [[tuple(span) for span in att.quote] for att in pred.attributions]
    expected = [[tuple(span) for span in quote] for quote in given]
    if answered != expected:
        raise InputError(
            f"system {system.name}",
            None,
            pred.id,
            f"answered {len(answered)} quotes for {len(expected)} given, or not the given quotes in order",
        )
