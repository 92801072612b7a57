"""Reading JSON and JSONL with located errors, and writing files safely.

Reading streams line by line in bounded memory: lines end at `\\n` only (U+2028, U+2029 and
U+0085 are valid inside JSON strings), a UTF-8 byte order mark at the start of a file is
skipped, and a line longer than `benchmark.limits.max_line_bytes()` is refused unparsed.

Writing replaces a regular file (or creates a new one) atomically: a temporary file beside the
target, renamed into place only on success, so a failed or killed write leaves the old file. A
symlink is followed (the link stays a link). `-`, the process's own stdout or stderr, character
devices and FIFOs are written as streams. Every OS error names the file (InputError, exit 2).
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TextIO

from benchmark import limits
from benchmark.errors import InputError

STDOUT = "-"
BOM = b"\xef\xbb\xbf"
JSON_WHITESPACE = b" \t\r"
READ_BUFFER = 1 << 20
"""Bytes read from a file at once: lines of articles are often longer than the default 8 KiB,
which a readline would then gather from several reads (a third of the time to read a file)."""


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line; raise InputError on the first bad one."""
    for lineno, line in iter_lines(path):
        yield lineno, parse_object(line, path, lineno)


def iter_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(line number, line) for each non-blank line of a UTF-8 file that is not empty."""
    for lineno, content, start in _file_lines(path):
        yield lineno, _decoded(content, path, lineno, start)


def iter_line_bytes(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """`iter_lines`, each line as its UTF-8 bytes (checked to decode, the BOM removed): what
    pydantic's validate_json reads fastest, as it need not encode a str back to UTF-8."""
    for lineno, content, start in _file_lines(path):
        _decoded(content, path, lineno, start)
        yield lineno, content


def iter_stream_lines(handle: IO[bytes], source: str | Path) -> Iterator[tuple[int, str]]:
    """(line number, line) for each non-blank line of a binary stream; `source` names it in
    errors. Never holds more than one line (of at most the line limit) in memory."""
    for lineno, content, start in _stream_lines(handle, source):
        yield lineno, _decoded(content, source, lineno, start)


def _file_lines(path: str | Path) -> Iterator[tuple[int, bytes, int]]:
    path = Path(path)
    try:
        handle = path.open("rb", buffering=READ_BUFFER)
    except OSError as exc:
        raise read_error(path, exc) from None
    with handle:
        empty = True
        try:
            for found in _stream_lines(handle, path):
                empty = False
                yield found
        except OSError as exc:  # e.g. EISDIR on the first read on some systems
            raise read_error(path, exc) from None
    if empty:
        raise InputError(path, None, None, "file is empty")


def _stream_lines(handle: IO[bytes], source: str | Path) -> Iterator[tuple[int, bytes, int]]:
    """(line number, content, its byte offset) of each non-blank line, not yet decoded."""
    limit = limits.max_line_bytes()
    offset = 0
    for lineno, raw in enumerate(iter(lambda: handle.readline(limit + 1), b""), start=1):
        content = raw[:-1] if raw.endswith(b"\n") else raw
        if len(content) > limit:
            raise InputError(source, lineno, None, limits.line_too_long(limit))
        start = offset
        offset += len(raw)
        if lineno == 1 and content.startswith(BOM):
            content, start = content[len(BOM) :], start + len(BOM)
        if content.strip(JSON_WHITESPACE):
            yield lineno, content, start


def _decoded(content: bytes, source: str | Path, lineno: int, start: int) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            source, lineno, "encoding", f"not valid UTF-8 (byte {start + exc.start})"
        ) from None


def parse_object(line: str, path: str | Path, lineno: int) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            path, lineno, "json", f"malformed JSON ({exc.msg}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise InputError(path, lineno, "json", "JSON nested too deeply") from None
    if not isinstance(obj, dict):
        raise InputError(path, lineno, "json", f"expected an object, got {type(obj).__name__}")
    return obj


def read_json(path: str | Path) -> Any:
    """One JSON document (a result, a leaderboard), at most the line limit in size."""
    path = Path(path)
    limit = limits.max_line_bytes()
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise read_error(path, exc) from None
    if len(raw) > limit:
        raise InputError(
            path,
            None,
            None,
            f"file larger than {limit} bytes (the limit, ${limits.MAX_LINE_BYTES_ENV})",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, "encoding", f"not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise InputError(path, None, None, "file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            path, exc.lineno, "json", f"malformed JSON ({exc.msg}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise InputError(path, None, "json", "JSON nested too deeply") from None


def pydantic_location(error: dict[str, Any]) -> str:
    """Render a pydantic error location as a dotted field path: attributions.3.quote.0."""
    return ".".join(str(part) for part in error["loc"]) or "record"


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[TextIO]:
    """A text handle onto `path`: atomic for regular files and new paths, a stream otherwise.

    Any OSError while writing (ENOSPC, EACCES, EROFS, ...) becomes an InputError naming the
    file: the body of the `with` only writes to the handle, so its OS errors are the target's.
    """
    try:
        target = _target(path)
        if isinstance(target, _Std):
            yield target.handle
            target.handle.flush()
        elif isinstance(target, _Stream):
            with open(target.path, "w", encoding="utf-8", newline="\n") as handle:
                yield handle
        else:
            with _replacing(target.path, target.mode) as handle:
                yield handle
    except OSError as exc:
        raise write_error(path, exc) from None


def write_jsonl(path: str | Path, lines: Iterable[str]) -> None:
    with atomic_writer(path) as handle:
        for line in lines:
            handle.write(line + "\n")


def write_text(path: str | Path, text: str) -> None:
    with atomic_writer(path) as handle:
        handle.write(text)


def append_text(path: str | Path, text: str) -> None:
    """Append to a file (a CI step summary): not atomic, but never over a directory."""
    try:
        target = _target(path)
        if isinstance(target, _Std):
            target.handle.write(text)
            target.handle.flush()
            return
        with open(target.path, "a", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise write_error(path, exc) from None


def read_error(path: str | Path, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(path, None, None, "file not found")
    if isinstance(exc, IsADirectoryError):
        return InputError(path, None, None, "is a directory, expected a file")
    return InputError(path, None, None, f"cannot read: {exc.strerror or exc}")


def write_error(path: str | Path, exc: OSError) -> InputError:
    return InputError(path, None, None, f"cannot write: {exc.strerror or exc}")


class _Std:
    def __init__(self, handle: TextIO):
        self.handle = handle


class _Stream:
    def __init__(self, path: Path):
        self.path = path


class _Replace:
    def __init__(self, path: Path, mode: int | None):
        self.path = path
        self.mode = mode


def _target(path: str | Path) -> _Std | _Stream | _Replace:
    """How to write `path`; InputError for a directory."""
    if str(path) == STDOUT:
        return _Std(sys.stdout)
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return _Replace(Path(os.path.realpath(path)), None)
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, None, None, "is a directory, expected a file path")
    for handle in (sys.stdout, sys.stderr):
        if _same_file(handle, info):  # /dev/stdout, /proc/self/fd/1, ...: keep the offset
            return _Std(handle)
    if stat.S_ISREG(info.st_mode):
        return _Replace(Path(os.path.realpath(path)), stat.S_IMODE(info.st_mode))
    return _Stream(path)


def _same_file(handle: TextIO, info: os.stat_result) -> bool:
    try:
        own = os.fstat(handle.fileno())
    except (AttributeError, OSError, ValueError):  # replaced or closed streams (tests, daemons)
        return False
    return (own.st_dev, own.st_ino) == (info.st_dev, info.st_ino)


@contextmanager
def _replacing(path: Path, mode: int | None) -> Iterator[TextIO]:
    """Write a temporary file beside `path` and rename it into place only on success; the
    temporary file is removed on any failure, including SIGTERM (the CLI turns it into an
    exception) and KeyboardInterrupt."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask() if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
