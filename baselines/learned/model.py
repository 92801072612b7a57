"""`learned`: the trained baseline. Cues by a token classifier, quote spans by BIO tagging with a
CRF conditioned on them, speakers by a gradient-boosted candidate ranker (pipeline.py); fitted
models are cached (cache.py)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from baselines.learned import cache
from baselines.learned.pipeline import Pipeline, train
from benchmark.documents import Article, Document, PredictedAttribution, Prediction, Span
from benchmark.errors import UsageError


class LearnedAttributor:
    """Trainable Attributor: `fit` loads the cached model for these training documents or trains
    one; predicting before any `fit` fits on `default_training_data()`."""

    name = "learned"
    version = "2.5"

    def __init__(self) -> None:
        self.pipeline: Pipeline | None = None

    def default_training_data(self) -> list[Document]:
        """PolNeAR train when a checkout is found, else the bundled core train split."""
        from benchmark.paths import polnear_root

        root = polnear_root()
        if root.is_dir():
            from benchmark.data import polnear

            data = polnear.data_dir(root)
            if (data / "train").is_dir():
                metadata = polnear.read_metadata(data, root).get("train", {})
                return polnear.read_split(data / "train", metadata, quiet=True).documents
        from benchmark.data.loading import load_documents

        return load_documents("core", "train").docs

    def fit(self, train_docs: Sequence[Document], *, quiet: bool = False) -> None:
        self.pipeline = self._load_or_train(train_docs, quiet)

    def predict(self, articles: Sequence[Article]) -> list[Prediction]:
        found = self._fitted().predict([a.text for a in articles])
        return [
            Prediction(id=a.id, attributions=atts) for a, atts in zip(articles, found, strict=True)
        ]

    def attribute(
        self, article: Article, quotes: Sequence[list[Span]]
    ) -> list[PredictedAttribution]:
        return self._fitted().attribute(article.text, quotes)

    def _fitted(self) -> Pipeline:
        if self.pipeline is None:
            self.pipeline = self._load_or_train(self.default_training_data(), True)
        return self.pipeline

    def _load_or_train(self, docs: Sequence[Document], quiet: bool) -> Pipeline:
        if not any(doc.attributions for doc in docs):
            raise UsageError("learned: the training data has no attributions to learn from")
        path = cache.cache_path(docs, self.version)
        pipeline = cache.load(path, Pipeline)
        if pipeline is None:
            if path.exists() and not quiet:
                print(f"learned: cached model {path} is unreadable; retraining", file=sys.stderr)
            pipeline = train(docs, quiet=quiet)
            cache.save(path, pipeline)
        return pipeline
