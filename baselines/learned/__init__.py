"""The `learned` baseline: a cue detector, a CRF quote tagger and a speaker ranker, trained on a
dataset's own train split (scikit-learn and CRFsuite)."""

from baselines.learned.model import LearnedAttributor

__all__ = ["LearnedAttributor"]
