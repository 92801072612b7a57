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
    """Bad input, located as precisely as we can: FILE:LINE: field: message."""

    def __init__(self, path: str | Path | None, line: int | None, field: str | None, message: str):
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line:
            where += f":{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class UsageError(QuotebenchError):
    """A bad option or argument that click itself cannot catch."""


class CheckFailed(QuotebenchError):
    exit_code = ExitCode.CHECK_FAILED
