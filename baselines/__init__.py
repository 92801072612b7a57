"""Baseline attributors, from a trivial floor to a trained scikit-learn model."""
