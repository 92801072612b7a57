"""The interface every attribution system implements (built-in, plugin, or wrapped program).

The harness owns this contract: plugins import it from here (`baselines.protocol` re-exports
it for plugins written before it moved)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from benchmark.documents import Article, Document, PredictedAttribution, Prediction, Span


@runtime_checkable
class Attributor(Protocol):
    """End-to-end: `predict` finds quotes and speakers. Attribution track: `attribute` names the
    speaker of each given quote. Systems never see gold annotations, only `Article`s and spans."""

    name: str
    version: str

    def predict(self, articles: Sequence[Article]) -> list[Prediction]:
        """One Prediction per article, in the same order, with the article's id."""
        ...

    def attribute(
        self, article: Article, quotes: Sequence[list[Span]]
    ) -> list[PredictedAttribution]:
        """One attribution per given quote, in order, whose `quote` is that quote's fragments."""
        ...


@runtime_checkable
class Trainable(Protocol):
    """Attributors that learn from gold documents: the harness calls `fit` before predicting,
    with --train data when given, else with the system's own `default_training_data()`."""

    def fit(self, train_docs: Sequence[Document], *, quiet: bool = False) -> None: ...

    def default_training_data(self) -> Sequence[Document]: ...
