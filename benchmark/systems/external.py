"""Systems outside the package: a program speaking JSONL (`cmd:`), or a predictions file (`file:`).

The `cmd:` protocol: the command runs once per batch of articles (so memory stays flat on large
datasets). It reads one JSON object per line on stdin — `{"id", "text", "meta"}`, plus `"quotes"`
(the gold quote spans, a list of fragment lists) on the attribution track — and writes one
prediction line per article on stdout, in any order: `{"id", "attributions": [...]}`. On the
attribution track it answers each given quote exactly once, with that quote's fragments.
Anything else (a crash, a hang past the timeout, a non-JSON line, an unknown or missing article)
is an InputError (exit 2) naming the command's exit status and the last lines of its stderr.
Output lines obey the JSONL reading rules (benchmark.jsonl: `\n` ends a line, bounded length);
stderr is passed through unless quiet and only its last lines are kept, so memory stays bounded
whatever the program writes. Both kinds are named NAME by `NAME=cmd:...` (registry.py).
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TextIO

from pydantic import ValidationError

from benchmark.documents import Article, Document, PredictedAttribution, Prediction, Span
from benchmark.errors import InputError
from benchmark.jsonl import iter_stream_lines, pydantic_location, read_error
from benchmark.limits import attributions_problem
from benchmark.progress import track
from benchmark.validation import fragment_problems, read_predictions

Quotes = Sequence[list[Span]]
BATCH_ARTICLES = 64
STDERR_TAIL_LINES = 5
STDERR_LINE_BYTES = 500
STDERR_CHUNK_BYTES = 65536


class ExternalSystem(ABC):
    """Base of systems that answer for a whole dataset at once rather than article by article."""

    name: str
    version: str

    def predict(self, articles: Sequence[Article]) -> list[Prediction]:
        return self.run(articles, None, quiet=True)

    def attribute(self, article: Article, quotes: Quotes) -> list[PredictedAttribution]:
        return self.run([article], [quotes], quiet=True)[0].attributions

    @abstractmethod
    def run(
        self, articles: Sequence[Article], quotes: Sequence[Quotes] | None, *, quiet: bool
    ) -> list[Prediction]:
        """One prediction per article, in order; on the attribution track one per given quote."""


class CommandSystem(ExternalSystem):
    """`cmd:COMMAND`: a program in any language, run through the shell once per batch."""

    version = "external"

    def __init__(
        self,
        command: str,
        *,
        timeout: float,
        batch_size: int = BATCH_ARTICLES,
        name: str | None = None,
    ):
        self.command = command
        self.name = name or f"cmd:{command}"
        self.timeout = timeout
        self.batch_size = batch_size

    def run(
        self, articles: Sequence[Article], quotes: Sequence[Quotes] | None, *, quiet: bool
    ) -> list[Prediction]:
        starts = range(0, len(articles), self.batch_size)
        predictions: list[Prediction] = []
        for start in track(starts, f"{self.name}", total=len(starts), quiet=quiet):
            batch = articles[start : start + self.batch_size]
            batch_quotes = quotes[start : start + self.batch_size] if quotes is not None else None
            predictions += self._call(batch, batch_quotes, quiet=quiet)
        return predictions

    def _call(
        self, batch: Sequence[Article], quotes: Sequence[Quotes] | None, *, quiet: bool
    ) -> list[Prediction]:
        """Run the command on one batch: stdin fed and stderr drained by threads, stdout parsed
        line by line as it arrives, so memory stays bounded whatever the program writes."""
        payload = "".join(
            json.dumps(_request(a, quotes[i] if quotes else None), ensure_ascii=False) + "\n"
            for i, a in enumerate(batch)
        ).encode("utf-8")
        proc = subprocess.Popen(
            self.command,
            shell=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # so a timeout kills the whole process group
        )
        assert proc.stdin and proc.stdout and proc.stderr
        stderr = StderrTail(proc.stderr, echo=None if quiet else sys.stderr)
        feeder = threading.Thread(target=_feed, args=(proc.stdin, payload), daemon=True)
        timed_out = threading.Event()
        timer = threading.Timer(self.timeout, _timeout, (proc, timed_out))
        for thread in (stderr, feeder, timer):
            thread.start()
        try:
            answers, problem = self._read(proc, batch)
            status = proc.wait()
        finally:  # also on SIGTERM or Ctrl-C: never leave the program running
            timer.cancel()
            if proc.poll() is None:
                _kill(proc)
                proc.wait()
            stderr.join()
            feeder.join()
        tail = stderr.lines()
        if timed_out.is_set():
            raise self._failure(
                f"timed out after {self.timeout:g} s (--timeout), killed", None, tail
            )
        if problem is None and status != 0:
            raise self._failure(f"exited with status {status}", None, tail)
        if (
            problem is not None
        ):  # a negative status: stopped by a signal (ours, on an overlong line)
            raise self._failure(problem, status if status >= 0 else None, tail)
        missing = [a.id for a in batch if a.id not in answers]
        if missing:
            raise self._failure(
                f"gave no prediction for article {missing[0]!r} ({len(missing)} missing)",
                status,
                tail,
            )
        if quotes is None:
            return [answers[a.id] for a in batch]
        return [self._aligned(answers[a.id], q, tail) for a, q in zip(batch, quotes, strict=True)]

    def _read(
        self, proc: subprocess.Popen[bytes], batch: Sequence[Article]
    ) -> tuple[dict[str, Prediction], str | None]:
        """The answers, and the first problem with them. After a bad answer the rest of stdout
        is read and dropped, so the program finishes and its exit status can be reported; an
        overlong or non-UTF-8 line stops the program (it may never end that line)."""
        assert proc.stdout is not None
        texts = {a.id: a.text for a in batch}
        answers: dict[str, Prediction] = {}
        problem: str | None = None
        try:
            for lineno, line in iter_stream_lines(proc.stdout, "stdout"):
                if problem is None:
                    problem = self._answer(line, f"stdout line {lineno}", texts, answers)
        except InputError as exc:
            _kill(proc)
            where = f"stdout line {exc.line}" if exc.line else "stdout"
            detail = f"{exc.field}: {exc.message}" if exc.field else exc.message
            problem = problem or f"{where}: {detail}; stopped"
        return answers, problem

    def _answer(
        self, line: str, where: str, texts: dict[str, str], answers: dict[str, Prediction]
    ) -> str | None:
        """Add one stdout line's prediction to `answers`, or say what is wrong with it."""
        try:
            pred = Prediction.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            return f"{where}: not JSON ({exc.msg}): {line[:80]!r}"
        except RecursionError:
            return f"{where}: not JSON (nested too deeply)"
        except ValidationError as exc:
            error = exc.errors()[0]
            return f"{where}: {pydantic_location(error)}: {error['msg']}"
        if pred.id not in texts:
            return f"{where}: answered for unknown article {pred.id!r}"
        if pred.id in answers:
            return f"{where}: answered twice for article {pred.id!r}"
        for field, message in _span_problems(pred, len(texts[pred.id])):
            return f"{where}: {field}: {message}"
        answers[pred.id] = pred
        return None

    def _aligned(self, pred: Prediction, quotes: Quotes, tail: list[str]) -> Prediction:
        given = [tuple(map(tuple, q)) for q in quotes]
        answered = {tuple(map(tuple, a.quote)): a for a in pred.attributions}
        extra = [[list(span) for span in q] for q in answered if q not in given]
        if extra or len(answered) != len(pred.attributions):
            what = f"a quote that was not given, {extra[0]}" if extra else "a quote twice"
            raise self._failure(f"article {pred.id!r}: answered {what}", 0, tail)
        unanswered = [[list(span) for span in q] for q in given if q not in answered]
        if unanswered:
            raise self._failure(
                f"article {pred.id!r}: no answer for quote {unanswered[0]}", 0, tail
            )
        return Prediction(id=pred.id, attributions=[answered[q] for q in given])

    def _failure(self, what: str, status: int | None, tail: list[str]) -> InputError:
        detail = "; stderr: " + " | ".join(tail) if tail else "; stderr empty"
        exit_status = f"; exit status {status}" if status is not None else ""
        return InputError(self.name, None, None, what + exit_status + detail)


class StderrTail(threading.Thread):
    """Reads a program's stderr to its end, keeping only its last lines (each cut to a bounded
    length) and passing everything through to `echo` as it comes."""

    def __init__(self, stream: IO[bytes], echo: TextIO | None):
        super().__init__(daemon=True)
        self._stream = stream
        self._echo = echo
        self._tail: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
        self._partial = b""

    def run(self) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        while chunk := self._stream.read1(STDERR_CHUNK_BYTES):  # type: ignore[attr-defined]
            if self._echo is not None:
                self._echo.write(decoder.decode(chunk))
                self._echo.flush()
            *complete, partial = (self._partial + chunk).split(b"\n")
            for line in complete:
                self._keep(line)
            self._partial = partial[-STDERR_LINE_BYTES:]
        self._keep(self._partial)

    def lines(self) -> list[str]:
        return list(self._tail)

    def _keep(self, line: bytes) -> None:
        text = line[-STDERR_LINE_BYTES:].decode("utf-8", errors="replace").strip()
        if text:
            self._tail.append(text)


class FileSystem(ExternalSystem):
    """`file:PRED.jsonl`: predictions made earlier, read with the harness's own validation."""

    def __init__(self, path: Path, *, name: str | None = None):
        self.path = path
        self.name = name or f"file:{path}"
        try:
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            raise read_error(path, exc) from None
        self.version = f"sha256:{digest[:12]}"

    def run(
        self, articles: Sequence[Article], quotes: Sequence[Quotes] | None, *, quiet: bool
    ) -> list[Prediction]:
        """Articles without a line predict nothing (with a warning); on the attribution track a
        given quote takes the speaker of the predicted attribution with exactly that quote."""
        found = read_predictions(self.path, [Document(id=a.id, text=a.text) for a in articles])
        missing = sum(a.id not in found for a in articles)
        if missing and not quiet:
            print(
                f"quotebench: warning: {self.path} has no line for {missing} of {len(articles)} articles; they predict nothing",
                file=sys.stderr,
            )
        predictions = [found.get(a.id) or Prediction(id=a.id) for a in articles]
        if quotes is None:
            return predictions
        return [_answer_given(p, q) for p, q in zip(predictions, quotes, strict=True)]


def _request(article: Article, quotes: Quotes | None) -> dict:
    request = {"id": article.id, "text": article.text, "meta": article.meta}
    if quotes is not None:
        request["quotes"] = [[list(span) for span in quote] for quote in quotes]
    return request


def _feed(stdin: IO[bytes], payload: bytes) -> None:
    """Write the requests; a program that exits without reading them all is not an error here
    (its exit status or missing answers are)."""
    with contextlib.suppress(OSError):
        try:
            stdin.write(payload)
        finally:
            stdin.close()


def _timeout(proc: subprocess.Popen, timed_out: threading.Event) -> None:
    timed_out.set()
    _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _span_problems(pred: Prediction, text_length: int) -> Iterator[tuple[str, str]]:
    too_many = attributions_problem(len(pred.attributions))
    if too_many:
        yield "attributions", too_many
        return
    for i, att in enumerate(pred.attributions):
        for name in ("quote", "speaker", "cue"):
            yield from fragment_problems(
                getattr(att, name), text_length, f"attributions.{i}.{name}"
            )


def _answer_given(pred: Prediction, quotes: Quotes) -> Prediction:
    by_quote: dict[tuple, PredictedAttribution] = {}
    for att in pred.attributions:
        by_quote.setdefault(tuple(map(tuple, att.quote)), att)
    answers = []
    for quote in quotes:
        att = by_quote.get(tuple(map(tuple, quote)))
        speaker = {"speaker": att.speaker, "speaker_name": att.speaker_name} if att else {}
        answers.append(PredictedAttribution(quote=list(quote), **speaker))
    return Prediction(id=pred.id, attributions=answers)
