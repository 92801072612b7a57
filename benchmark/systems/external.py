"""Systems outside the package: a program speaking JSONL (`cmd:`), or a predictions file (`file:`).

The `cmd:` protocol: the command runs once per batch of articles (so memory stays flat on large
datasets). It reads one JSON object per line on stdin — `{"id", "text", "meta"}`, plus `"quotes"`
(the gold quote spans, a list of fragment lists) on the attribution track — and writes one
prediction line per article on stdout, in any order: `{"id", "attributions": [...]}`. On the
attribution track it answers each given quote exactly once, with that quote's fragments.
Anything else (a crash, a hang past the timeout, a non-JSON line, an unknown or missing article)
is an InputError (exit 2) naming the command's exit status and the last lines of its stderr.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path

from pydantic import ValidationError

from benchmark.documents import Article, Document, PredictedAttribution, Prediction, Span
from benchmark.errors import InputError
from benchmark.jsonl import pydantic_location
from benchmark.progress import track
from benchmark.validation import fragment_problems, read_predictions

Quotes = Sequence[list[Span]]
BATCH_ARTICLES = 64
STDERR_TAIL_LINES = 5


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

    def __init__(self, command: str, *, timeout: float, batch_size: int = BATCH_ARTICLES):
        self.command = command
        self.name = f"cmd:{command}"
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
        payload = "".join(
            json.dumps(_request(a, quotes[i] if quotes else None), ensure_ascii=False) + "\n"
            for i, a in enumerate(batch)
        )
        proc = subprocess.Popen(
            self.command,
            shell=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # so a timeout kills the whole process group
        )
        try:
            out, err = proc.communicate(payload.encode("utf-8"), timeout=self.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            raise self._failure(
                f"timed out after {self.timeout:g} s (--timeout), killed", None, err
            ) from None
        if proc.returncode != 0:
            raise self._failure(f"exited with status {proc.returncode}", None, err)
        if err and not quiet:
            sys.stderr.write(err.decode("utf-8", errors="replace"))
        answers = self._parse(out, batch, err)
        if quotes is None:
            return [answers[a.id] for a in batch]
        return [self._aligned(answers[a.id], q, err) for a, q in zip(batch, quotes, strict=True)]

    def _parse(self, out: bytes, batch: Sequence[Article], err: bytes) -> dict[str, Prediction]:
        texts = {a.id: a.text for a in batch}
        try:
            lines = out.decode("utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise self._failure(f"stdout is not UTF-8 (byte {exc.start})", 0, err) from None
        answers: dict[str, Prediction] = {}
        for lineno, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"stdout line {lineno}"
            try:
                pred = Prediction.model_validate(json.loads(line))
            except json.JSONDecodeError as exc:
                raise self._failure(
                    f"{where}: not JSON ({exc.msg}): {line[:80]!r}", 0, err
                ) from None
            except ValidationError as exc:
                error = exc.errors()[0]
                raise self._failure(
                    f"{where}: {pydantic_location(error)}: {error['msg']}", 0, err
                ) from None
            if pred.id not in texts:
                raise self._failure(f"{where}: answered for unknown article {pred.id!r}", 0, err)
            if pred.id in answers:
                raise self._failure(f"{where}: answered twice for article {pred.id!r}", 0, err)
            for field, message in _span_problems(pred, len(texts[pred.id])):
                raise self._failure(f"{where}: {field}: {message}", 0, err)
            answers[pred.id] = pred
        missing = [a.id for a in batch if a.id not in answers]
        if missing:
            raise self._failure(
                f"gave no prediction for article {missing[0]!r} ({len(missing)} missing)", 0, err
            )
        return answers

    def _aligned(self, pred: Prediction, quotes: Quotes, err: bytes) -> Prediction:
        given = [tuple(map(tuple, q)) for q in quotes]
        answered = {tuple(map(tuple, a.quote)): a for a in pred.attributions}
        extra = [[list(span) for span in q] for q in answered if q not in given]
        if extra or len(answered) != len(pred.attributions):
            what = f"a quote that was not given, {extra[0]}" if extra else "a quote twice"
            raise self._failure(f"article {pred.id!r}: answered {what}", 0, err)
        unanswered = [[list(span) for span in q] for q in given if q not in answered]
        if unanswered:
            raise self._failure(f"article {pred.id!r}: no answer for quote {unanswered[0]}", 0, err)
        return Prediction(id=pred.id, attributions=[answered[q] for q in given])

    def _failure(self, what: str, status: int | None, err: bytes) -> InputError:
        tail = [line for line in err.decode("utf-8", errors="replace").splitlines() if line.strip()]
        detail = "; stderr: " + " | ".join(tail[-STDERR_TAIL_LINES:]) if tail else "; stderr empty"
        exit_status = f"; exit status {status}" if status is not None else ""
        return InputError(self.name, None, None, what + exit_status + detail)


class FileSystem(ExternalSystem):
    """`file:PRED.jsonl`: predictions made earlier, read with the harness's own validation."""

    def __init__(self, path: Path):
        self.path = path
        self.name = f"file:{path}"
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except FileNotFoundError:
            raise InputError(path, None, None, "file not found") from None
        except IsADirectoryError:
            raise InputError(path, None, None, "is a directory, expected a .jsonl file") from None
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


def _span_problems(pred: Prediction, text_length: int) -> Iterator[tuple[str, str]]:
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
