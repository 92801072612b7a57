"""Errors the CLI turns into one line on stderr and a distinct exit code."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    CHECK_FAILED = 1
    INVALID = 2
    INTERNAL = 3


class QuotebenchError(Exception):
    """An expected failure: reported as one line, never as a traceback."""

    exit_code: ExitCode = ExitCode.INVALID


class InputError(QuotebenchError):
    """Bad input, located as precisely as we can: FILE:LINE: field: message.

    `path` names what was read: a file, or the option or system the input came from; without
    one the message starts with the field (an option such as `--min`)."""

    def __init__(self, path: str | Path | None, line: int | None, field: str | None, message: str):
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.path] if self.path else []
        if parts and self.line:
            parts[0] += f":{self.line}"
        return ": ".join([*parts, *([self.field] if self.field else []), self.message])


class UsageError(QuotebenchError):
    """A bad option or argument that click itself cannot catch."""


class CheckFailed(QuotebenchError):
    exit_code = ExitCode.CHECK_FAILED
