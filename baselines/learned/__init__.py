"""The `learned` baseline: a BIO quote tagger and a speaker ranker trained with scikit-learn."""

from baselines.learned.model import LearnedAttributor

__all__ = ["LearnedAttributor"]
