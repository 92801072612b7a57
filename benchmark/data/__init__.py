"""The data layer: canonical JSONL, the bundled core corpus, importers, loading and statistics."""

from benchmark.data.loading import GoldSet, gold_info, load, load_documents

__all__ = ["GoldSet", "gold_info", "load", "load_documents"]
