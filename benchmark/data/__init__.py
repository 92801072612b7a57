"""The data layer: canonical JSONL, the bundled core corpus, importers, loading and statistics."""
