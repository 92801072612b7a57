"""Reading JSONL with located errors, and writing files atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from benchmark.errors import InputError


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line; raise InputError on the first bad one."""
    for lineno, line in iter_lines(path):
        yield lineno, parse_object(line, path, lineno)


def iter_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(line number, line) for each non-blank line of a UTF-8 file that is not empty."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, None, None, "file not found") from None
    except IsADirectoryError:
        raise InputError(path, None, None, "is a directory, expected a .jsonl file") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, line, "encoding", f"not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise InputError(path, None, None, "file is empty")
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield lineno, line


def parse_object(line: str, path: str | Path, lineno: int) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            path, lineno, "json", f"malformed JSON ({exc.msg}, column {exc.colno})"
        ) from None
    if not isinstance(obj, dict):
        raise InputError(path, lineno, "json", f"expected an object, got {type(obj).__name__}")
    return obj


def pydantic_location(error: dict[str, Any]) -> str:
    """Render a pydantic error location as a dotted field path: attributions.3.quote.0."""
    return ".".join(str(part) for part in error["loc"]) or "record"


@contextmanager
def atomic_writer(path: str | Path, mode: str = "w") -> Iterator[TextIO]:
    """Write to a temporary file beside `path` and rename it into place only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_jsonl(path: str | Path, lines: Iterable[str]) -> None:
    with atomic_writer(path) as handle:
        for line in lines:
            handle.write(line + "\n")


def write_text(path: str | Path, text: str) -> None:
    with atomic_writer(path) as handle:
        handle.write(text)
