"""Memory bounds on what the harness reads, far above any real corpus but below a machine's RAM.

A single JSON line is never handed to a parser when it is longer than the line limit, and an
article with more attributions than the attribution limit is refused. Both are set by
environment variables (documented in data/README.md), read when a file is read.
"""

from __future__ import annotations

import os

from benchmark.errors import UsageError

MAX_LINE_BYTES_ENV = "QUOTEBENCH_MAX_LINE_BYTES"
MAX_ATTRIBUTIONS_ENV = "QUOTEBENCH_MAX_ATTRIBUTIONS"
DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_ATTRIBUTIONS = 100_000


def max_line_bytes() -> int:
    """The longest JSONL line (in bytes, without its newline) any reader accepts."""
    return _positive_int(MAX_LINE_BYTES_ENV, DEFAULT_MAX_LINE_BYTES)


def max_attributions() -> int:
    """The most attributions one article (gold or predicted) may have."""
    return _positive_int(MAX_ATTRIBUTIONS_ENV, DEFAULT_MAX_ATTRIBUTIONS)


def line_too_long(limit: int) -> str:
    return f"line longer than {limit} bytes (the limit, ${MAX_LINE_BYTES_ENV})"


def attributions_problem(count: int) -> str | None:
    """The message for an article with too many attributions, or None when within the limit."""
    limit = max_attributions()
    if count <= limit:
        return None
    return f"{count} attributions, more than the limit of {limit} (${MAX_ATTRIBUTIONS_ENV})"


def _positive_int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise UsageError(f"${name} must be a positive integer, not {text!r}")
    return value
